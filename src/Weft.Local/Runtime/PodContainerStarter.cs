using Weft.Api.Resources;
using Weft.Local.Apps;
using Weft.Local.Probes;
using Weft.Local.Processes;
using Weft.Local.State;
using Weft.Local.Supervision;

namespace Weft.Local.Runtime;

/// <summary>
/// Starts a pod's containers as supervised processes in the pod's network namespace, as kubelet would start them
/// in a sandbox: what <see cref="ContainerCommand"/> resolves (command and args; <c>weft/echo</c> runs the built-in
/// echo app), with the environment of <see cref="ContainerEnvironment"/>, and readiness probes against the pod IP.
/// </summary>
public sealed class PodContainerStarter(IProcessLauncher launcher, ProcessRecordStore records, IProbeExecutor probes, WeftCommandLine weft, TimeProvider time)
    : IPodContainerStarter
{
    public static PodContainerStarter Create(StatePaths paths, WeftCommandLine weft) =>
        new(new LinuxProcessLauncher(), new ProcessRecordStore(new PodPaths(paths.Directory)), new NetnsProbeExecutor(TimeProvider.System), weft, TimeProvider.System);

    /// <summary>Sidecar injection (set by the daemon); null = no mesh.</summary>
    public Mesh.MeshInjection? Mesh { get; set; }

    public IPodContainers Start(PodLaunch launch)
    {
        var pod = launch.Pod;
        var supervisors = new List<ContainerSupervisor>();
        var probers = new List<ReadinessProber>();
        var podIp = launch.Addresses.IsDefaultOrEmpty ? "127.0.0.1" : launch.Addresses[0].ToString();
        var sidecar = Mesh?.Prepare(launch); // redirect rules are in place before any container starts
        foreach (var container in sidecar is null ? pod.Spec.Containers : [sidecar, .. pod.Spec.Containers])
        {
            var lifecycle = new ContainerLifecycle(container.Name, pod.Name, pod.Spec.RestartPolicy);
            var spec = StartSpec(launch, container, podIp);
            var supervisor = new ContainerSupervisor(pod.Namespace, pod.Name, lifecycle, spec, launcher, records, time);
            supervisors.Add(supervisor);

            if (container.ReadinessProbe is { } probe
                && ReadinessProbeSpec.TryCreate(probe, container, podIp, out var probeSpec, out _))
            {
                var prober = new ReadinessProber(probeSpec!, probes, launch.Sandbox.Netns, time, (ready, _) => supervisor.SetReady(ready));
                supervisor.StatusChanged += status =>
                {
                    if (status.State is RunningState running)
                    {
                        prober.ContainerStarted(running.StartedAt);
                    }
                    else
                    {
                        prober.ContainerStopped();
                    }
                };
                probers.Add(prober);
            }
            else
            {
                // No probe: a running container is ready (kubelet's rule). Invalid probes were rejected at decode time.
                supervisor.StatusChanged += status => supervisor.SetReady(status.State is RunningState && container.ReadinessProbe is null);
            }

            if (launch.StatusChanged is { } changed)
            {
                // Subscribed after the readiness handlers above, so it sees the readiness they set.
                supervisor.StatusChanged += _ => changed();
            }

            supervisor.Start();
        }

        return new PodContainers(supervisors, probers);
    }

    private ProcessStartSpec StartSpec(PodLaunch launch, Container container, string podIp)
    {
        var pod = launch.Pod;
        if (!ContainerCommand.TryResolve(container, weft, out var fileName, out var arguments, out var extra, out _))
        {
            // No entrypoint to fall back on: images are not pulled or run here. The launcher reports it as
            // ContainerCannotRun with this name, which tells the user what is missing.
            fileName = $"no-command-for-image:{container.Image ?? "<none>"}";
            arguments = [];
        }

        return new ProcessStartSpec
        {
            FileName = fileName,
            Arguments = arguments,
            Environment = ContainerEnvironment.Build(pod.Namespace, pod.Name, launch.Sandbox.Node, podIp, container, extra),
            NetworkNamespace = launch.Sandbox.Netns,
            LogPath = Path.Combine(launch.LogDirectory, container.Name + ".log"),
        };
    }
}
