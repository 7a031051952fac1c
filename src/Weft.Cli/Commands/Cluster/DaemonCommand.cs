using Weft.Local.Apps;
using System.CommandLine;
using Weft.Local.Cluster;
using Weft.Local.Cni;
using Weft.Local.Daemon;
using Weft.Local.Runtime;
using Weft.Local.State;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft daemon</c> (hidden): the per-cluster daemon that <c>weft up</c> starts.</summary>
internal static class DaemonCommand
{
    public static Command Create()
    {
        var cluster = ClusterOptions.Cluster();
        var command = new Command("daemon", "Run a local cluster's daemon (started by weft up).") { Hidden = true };
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var paths = StatePaths.For(parse.GetValue(cluster)!);
            var record = JsonFile.Read<ClusterRecord>(paths.ClusterFile);
            if (record is null)
            {
                Console.Error.WriteLine($"weft daemon: no cluster state at {paths.ClusterFile}");
                return 1;
            }

            var layout = ClusterLayout.For(record.ToSpec());
            var cni = new CniInvoker(LocalCluster.Runner, [paths.CniBinDirectory, "/opt/cni/bin", "/usr/lib/cni"]);
            var network = new PodNetworkSetup(LocalCluster.Runner, LocalCluster.Netns, cni, layout, paths);
            using var runtime = new ClusterRuntime(layout, paths, LocalCluster.Netns, LocalCluster.Runner, network,
                PodContainerStarter.Create(paths, WeftCommandLine.Current()), TimeProvider.System);
            return await ClusterDaemon.RunAsync(paths, runtime, record, ct);
        });
        return command;
    }
}
