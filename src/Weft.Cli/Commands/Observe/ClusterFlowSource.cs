using System.CommandLine;
using Weft.Cli.Commands.Cluster;
using Weft.Flows.Query;
using Weft.Local.Daemon;
using Weft.Local.State;

namespace Weft.Cli.Commands.Observe;

/// <summary>
/// Wires <c>weft observe</c> and <c>weft policy generate --from-flows</c> to a running local cluster: flows come from
/// the cluster daemon's flow API (<c>--cluster</c>, default <c>weft</c>), which reads every node agent's ring.
/// </summary>
internal static class ClusterFlowSource
{
    public static Command Observe()
    {
        var cluster = ClusterOptions.Cluster();
        return ObserveCommand.Create(parse => Connect(parse.GetValue(cluster)!), TimeProvider.System, [cluster]);
    }

    /// <summary>
    /// The generate command. Pods are not fetched: the flows carry every peer's labels, and ports are written by
    /// number (named ports need the pods' container specs, which the daemon API does not serve yet).
    /// </summary>
    public static Command Generate()
    {
        var cluster = ClusterOptions.Cluster();
        return GenerateFromFlowsCommand.Create(parse => Connect(parse.GetValue(cluster)!), _ => [], TimeProvider.System, [cluster]);
    }

    /// <summary>The daemon's flow source, or null when the cluster's daemon socket does not exist.</summary>
    private static DaemonFlowQueryClient? Connect(string clusterName)
    {
        var paths = StatePaths.For(clusterName);
        // The CLI process ends after one command; the client lives as long as it does.
        return File.Exists(paths.Socket) ? new DaemonFlowQueryClient(new DaemonClient(paths)) : null;
    }
}
