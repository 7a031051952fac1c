using Microsoft.Extensions.Logging;
using Weft.Agent;

namespace Weft.Local.Runtime;

/// <summary>
/// Recompiles the cluster snapshot when the runtime reports a change and hands it to every node agent. Triggers go
/// through a <see cref="PublishPacer"/>: a change after a quiet spell compiles at once, a burst (a deployment's pods
/// turning ready together) coalesces into one more compile at most every <see cref="MinimumInterval"/>.
/// </summary>
internal sealed partial class SnapshotPublisher(ClusterRuntime runtime, IReadOnlyList<NodeAgent> agents, TimeProvider time, ILogger logger)
{
    /// <summary>The least time between the starts of two background publishes (bursts coalesce within it).</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(50);

    private readonly PublishPacer pacer = new(time, MinimumInterval);

    // Compile and hand-over happen under one lock, so agents receive snapshots in revision order even when a
    // request publishes at once (SettingsApi) while the background loop is publishing too.
    private readonly Lock publishLock = new();

    /// <summary>Raised after every publish with the snapshot the agents got (the mesh members feed follows it).</summary>
    public event Action<ClusterSnapshot>? Published;

    public void Trigger() => pacer.Trigger();

    public Task RunAsync(CancellationToken cancellationToken) => pacer.RunAsync(() => Publish(), cancellationToken);

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
