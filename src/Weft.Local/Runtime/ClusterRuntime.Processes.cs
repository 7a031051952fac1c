using Weft.Datapath.Linux.Abstractions;

namespace Weft.Local.Runtime;

public sealed partial class ClusterRuntime
{
    /// <summary>
    /// Stops every process inside one of this cluster's namespaces: SIGTERM, then SIGKILL for what is left.
    /// The namespace is ours, so so are its processes; they are found by the kernel (<c>ip netns pids</c>), not
    /// by name, which is what lets a crashed cluster be cleaned up without a PID file.
    /// </summary>
    internal Task StopProcessesInAsync(string netnsName, CancellationToken cancellationToken) =>
        NetnsProcesses.StopAllAsync(runner, netnsName, StopGrace, time, cancellationToken);
}
