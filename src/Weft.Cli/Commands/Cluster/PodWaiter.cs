using Spectre.Console;
using Weft.Local.Daemon;

namespace Weft.Cli.Commands.Cluster;

/// <summary>Waits until every pod is ready (or finished, or stuck with a reason), showing progress.</summary>
internal static class PodWaiter
{
    public static async Task<ClusterView> WaitAsync(DaemonClient client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var view = await client.GetClusterAsync(cancellationToken);
        if (Settled(view))
        {
            return view;
        }

        await AnsiConsole.Status().StartAsync("waiting for pods", async context =>
        {
            while (!Settled(view) && DateTimeOffset.UtcNow < deadline)
            {
                context.Status($"pods ready: {view.Pods.Count(p => p.Ready)}/{view.Pods.Count}");
                await Task.Delay(200, cancellationToken);
                view = await client.GetClusterAsync(cancellationToken);
            }
        });
        return view;
    }

    /// <summary>Nothing left that waiting would change: each pod is ready, done, failed or pending for a stated reason.</summary>
    private static bool Settled(ClusterView view) => view.Pods.All(p =>
        p.Ready
        || p.Phase is "Succeeded" or "Failed"
        || (p.Phase == "Pending" && p.Message is not null)
        || p.Containers.Any(c => c.Reason is "CrashLoopBackOff" or "ContainerCannotRun" or "Error"));
}
