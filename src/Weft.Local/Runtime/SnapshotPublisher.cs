using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Weft.Agent;

namespace Weft.Local.Runtime;

/// <summary>
/// Recompiles the cluster snapshot when the runtime reports a change and hands it to every node agent. Triggers
/// go through a one-slot channel, so any number of triggers while a compile is pending or running cost one
/// more compile; a short settle delay lets a burst (a deployment's pods turning ready together) coalesce.
/// </summary>
internal sealed partial class SnapshotPublisher(ClusterRuntime runtime, IReadOnlyList<NodeAgent> agents, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    // Compile and hand-over happen under one lock, so agents receive snapshots in revision order even when a
    // request publishes at once (SettingsApi) while the background loop is publishing too.
    private readonly Lock publishLock = new();

    private readonly Channel<bool> triggers = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Raised after every publish with the snapshot the agents got (the mesh members feed follows it).</summary>
    public event Action<ClusterSnapshot>? Published;

    public void Trigger() => triggers.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await triggers.Reader.WaitToReadAsync(cancellationToken))
            {
                await Task.Delay(Settle, time, cancellationToken);
                triggers.Reader.TryRead(out _);
                Publish();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Compiles and publishes now; returns the revision the agents were handed.</summary>
    public long Publish()
    {
        lock (publishLock)
        {
            var result = runtime.CompileSnapshot();
            if (result.HasErrors)
            {
                // Changes are checked before they are accepted, so this means a replayed log no longer compiles.
                CompileFailed(logger, string.Join("; ", result.Diagnostics));
            }

            foreach (var agent in agents)
            {
                agent.Publish(result.Snapshot);
            }

            // Under the lock too: watchers (the mesh members feed) see snapshots in the order the agents got them.
            Published?.Invoke(result.Snapshot);
            return result.Snapshot.Revision;
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Error, Message = "services do not compile; nodes keep the previous snapshot: {Diagnostics}")]
    private static partial void CompileFailed(ILogger logger, string diagnostics);
}
