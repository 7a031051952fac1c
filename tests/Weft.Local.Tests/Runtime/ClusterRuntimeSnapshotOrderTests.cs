using System.Collections.Concurrent;
using Weft.Local.Cluster;
using Weft.Local.Cni;
using Weft.Local.Runtime;
using Weft.Local.State;
using Weft.Local.Tests.Fakes;

namespace Weft.Local.Tests.Runtime;

/// <summary>
/// The barrier the policy differential test relies on: once a change is accepted, every snapshot with a revision at
/// least the one the daemon then reports holds that change, however publishes interleave with it. (The runtime
/// used to read the desired state before taking the snapshot lock, so a publish that had read the old state could
/// compile after the change and give the old objects a newer revision.)
/// </summary>
public sealed class ClusterRuntimeSnapshotOrderTests : IDisposable
{
    private readonly StatePaths paths = new(Directory.CreateTempSubdirectory("weft-order-").FullName, "unit");

    public void Dispose() => Directory.Delete(paths.Root, recursive: true);

    [Fact]
    public async Task ChangeAsync_WithConcurrentPublishes_NoNewerSnapshotMissesTheAcceptedChange()
    {
        var layout = ClusterLayout.For(new ClusterSpec { Name = "unit" });
        var runner = new RefusingProcessRunner();
        var netns = new EmptyNetns();
        using var runtime = new ClusterRuntime(layout, paths, netns, runner, new PodNetworkSetup(runner, netns, new CniInvoker(runner, []), layout, paths), new RefusingContainerStarter(), TimeProvider.System);
        await runtime.RecoverAsync(CancellationToken.None);
        var compiled = new ConcurrentQueue<(long Revision, HashSet<string> Policies)>();
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var snapshot = runtime.CompileSnapshot().Snapshot;
                compiled.Enqueue((snapshot.Revision, snapshot.Policy!.All.Input.NetworkPolicies.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal)));
            }
        });

        var barriers = new List<(string Policy, long Revision)>();
        for (var i = 0; i < 100; i++)
        {
            var name = $"deny-{i}";
            var policy = $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: demo}}\nspec: {{podSelector: {{}}}}\n";
            (await runtime.ChangeAsync(new DesiredChange(DesiredChange.Apply, [new ManifestDocument($"{name}.yaml", policy)]), CancellationToken.None)).Accepted.ShouldBeTrue();
            barriers.Add((name, runtime.Snapshot.Revision));
        }

        await stop.CancelAsync();
        await publisher;
        compiled.ShouldNotBeEmpty();

        // Policies only accumulate, so each must be in every snapshot from its barrier on.
        var stale = (from barrier in barriers
                     from snapshot in compiled
                     where snapshot.Revision >= barrier.Revision && !snapshot.Policies.Contains(barrier.Policy)
                     select $"{barrier.Policy}: revision {snapshot.Revision} (barrier {barrier.Revision}) lacks it").ToList();
        stale.ShouldBeEmpty();
    }
}
