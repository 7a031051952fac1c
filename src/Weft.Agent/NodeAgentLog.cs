using Microsoft.Extensions.Logging;

namespace Weft.Agent;

/// <summary>The node agent's log events (EventIds 4100–4199: issue 4, node agent).</summary>
internal static partial class NodeAgentLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "node {Node}: cluster DNS on {Endpoint} in {Netns}")]
    public static partial void DnsListening(ILogger logger, string node, System.Net.IPEndPoint endpoint, Weft.Datapath.Linux.Abstractions.NetnsRef netns);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "node {Node}: cannot serve cluster DNS on {Endpoint}")]
    public static partial void DnsFailed(ILogger logger, string node, System.Net.IPEndPoint endpoint, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "node {Node}: {Datapath} sync of revision {Revision} failed (attempt {Attempt}): {Error}")]
    public static partial void SyncFailed(ILogger logger, string node, string datapath, long revision, int attempt, string? error);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "node {Node}: the kernel lost the datapath state; resyncing revision {Revision}")]
    public static partial void StateLost(ILogger logger, string node, long revision);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "node {Node}: revision {Revision} in place")]
    public static partial void Synced(ILogger logger, string node, long revision);
}
