using Microsoft.Extensions.Logging;

namespace Weft.Mesh.Hosting;

/// <summary>The proxy's log events (EventIds 6100–6199). Per-connection events are Debug/Information: off unless a host adds a provider.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "opaque tcp over mtls from {PeerIdentity} ({Remote}) to {Destination}")]
    public static partial void OpaqueMutualTls(ILogger logger, string peerIdentity, System.Net.EndPoint? remote, System.Net.EndPoint? destination);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "refused upstream {Address}: its certificate names {Presented}, the control plane names {Expected}")]
    public static partial void UnexpectedServerIdentity(ILogger logger, string address, string presented, string expected);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "tls passthrough (sni \"{ServerName}\", alpn \"{Alpn}\", hello {Hello}) from {Remote} to {Destination}: the application's own TLS, not a peer proxy's")]
    public static partial void TlsPassthrough(ILogger logger, string serverName, string alpn, Detection.ClientHelloRead hello, System.Net.EndPoint? remote, System.Net.EndPoint? destination);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Debug, Message = "connection {ConnectionId} ended: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, string connectionId, Exception exception);
}
