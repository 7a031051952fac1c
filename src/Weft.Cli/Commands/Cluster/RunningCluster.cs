using Weft.Local.Daemon;
using Weft.Local.State;

namespace Weft.Cli.Commands.Cluster;

/// <summary>The daemon client of a running local cluster, for the commands that need one.</summary>
internal static class RunningCluster
{
    /// <summary>
    /// A client of <paramref name="cluster"/>'s daemon, or null after writing to <paramref name="error"/> that the
    /// cluster is not running (the caller exits 1, as every cluster command does then).
    /// </summary>
    public static async Task<DaemonClient?> ConnectAsync(string command, string cluster, TextWriter error, CancellationToken cancellationToken)
    {
        var client = new DaemonClient(StatePaths.For(cluster));
        if (await client.IsAliveAsync(cancellationToken)) return client;
        client.Dispose();
        await error.WriteLineAsync($"{command}: cluster \"{cluster}\" is not running (start it with: sudo ./weft up)");
        return null;
    }
}
