using Weft.Local.Apps;
using Weft.Datapath.Linux.Netns;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Linux.Abstractions;
using Weft.Local.Lifecycle;
using Weft.Local.Runtime;

namespace Weft.Cli.Commands.Cluster;

/// <summary>The production wiring of the local cluster's kernel ports, shared by the cluster commands.</summary>
internal static class LocalCluster
{
    public static IProcessRunner Runner { get; } = new SystemProcessRunner();

    public static INetns Netns { get; } = new LinuxNetns(Runner);

    public static ClusterLifecycle Lifecycle() => new(Runner, Netns, TimeProvider.System, WeftCommandLine.Current());
}
