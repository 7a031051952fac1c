using System.Collections.Immutable;
using System.Globalization;
using Weft.Api.Resources;
using Weft.Local.Apps;
using Weft.Local.Probes;
using Weft.Local.Processes;
using Weft.Local.State;
using Weft.Local.Supervision;

namespace Weft.Local.Runtime;

/// <summary>
/// Starts a pod's containers as supervised processes in the pod's network namespace, as kubelet would start them
/// in a sandbox: the container's command and args (images are ignored), or, for images named <c>weft/…</c>, one of
/// Weft's built-in apps; the pod's identity in the environment; readiness probes against the pod IP.
/// </summary>
public sealed class PodContainerStarter(IProcessLauncher launcher, ProcessRecordStore records, IProbeExecutor probes, WeftExecutable weft, TimeProvider time)
    : IPodContainerStarter
{
    public static PodContainerStarter Create(StatePaths paths, WeftExecutable weft) =>
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
        var environment = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        environment["PATH"] = ProcessStartSpec.DefaultPath;
        environment["HOME"] = "/root";
        environment["HOSTNAME"] = pod.Name;
        environment["WEFT_POD_NAME"] = pod.Name;
        environment["WEFT_POD_NAMESPACE"] = pod.Namespace;
        environment["WEFT_NODE_NAME"] = launch.Sandbox.Node;
        environment["WEFT_POD_IP"] = podIp;
        foreach (var variable in container.Env)
        {
            environment[variable.Name] = variable.Value;
        }

        string fileName;
        ImmutableArray<string> arguments;
        if (container.Command.IsDefaultOrEmpty && container.Image is { } image && image.StartsWith("weft/", StringComparison.Ordinal))
        {
            (fileName, arguments) = BuiltInApp(image, container);
            environment[ServePortList.EnvironmentVariable] = ServePorts(container);
            environment["DOTNET_gcServer"] = "0";
            environment["DOTNET_GCgen0size"] = "0x200000"; // small gen0 keeps each of many echo pods small
            environment["DOTNET_TieredPGO"] = "0";
        }
        else if (!container.Command.IsDefaultOrEmpty)
        {
            fileName = container.Command[0];
            arguments = [.. container.Command.Skip(1), .. container.Args];
        }
        else
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
            Environment = environment.ToImmutable(),
            NetworkNamespace = launch.Sandbox.Netns,
            LogPath = Path.Combine(launch.LogDirectory, container.Name + ".log"),
        };
    }

    private (string FileName, ImmutableArray<string> Arguments) BuiltInApp(string image, Container container)
    {
        var name = image["weft/".Length..].Split(':')[0];
        var app = name switch
        {
            "echo" => "serve",
            _ => name,
        };
        return (weft.FileName, [.. weft.Arguments("app", app), .. container.Args]);
    }

    /// <summary>
    /// WEFT_PORTS for the echo app from the container's ports: UDP ports echo datagrams; TCP ports named
    /// <c>tcp…</c> echo bytes; other TCP ports answer HTTP. No ports: HTTP on 80.
    /// </summary>
    public static string ServePorts(Container container)
    {
        if (container.Ports.IsDefaultOrEmpty)
        {
            return "http:80";
        }

        return string.Join(',', container.Ports.Select(p => p.Protocol switch
        {
            Protocol.Udp => $"udp:{p.Port.ToString(CultureInfo.InvariantCulture)}",
            _ when p.Name?.StartsWith("tcp", StringComparison.Ordinal) == true => $"tcp:{p.Port.ToString(CultureInfo.InvariantCulture)}",
            _ => $"http:{p.Port.ToString(CultureInfo.InvariantCulture)}",
        }));
    }
}
