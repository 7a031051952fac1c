using System.Collections.Immutable;
using Weft.Local.Probes;
using Weft.Local.Processes;

namespace Weft.Local.Supervision;

/// <summary>
/// Runs a pod: one <see cref="ContainerSupervisor"/> per container and, where a container has one, a
/// <see cref="ReadinessProber"/> that sets its readiness. A container without a readiness probe is ready while it runs.
/// Publishes the pod's status on every change.
/// </summary>
public sealed class PodSupervisor : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly PodRuntimeSpec _spec;
    private readonly ImmutableArray<ContainerSupervisor> _containers;
    private readonly ImmutableArray<ReadinessProber?> _probers;
    // The run (restart count) each container's readiness was last set up for; one setup per run.
    private readonly int?[] _probedRun;

    public PodSupervisor(PodRuntimeSpec spec, IProcessLauncher launcher, IProbeExecutor probes, ProcessRecordStore? records, TimeProvider time, RestartBackOff? backOff = null)
    {
        _spec = spec;
        _probedRun = new int?[spec.Containers.Length];
        var containers = ImmutableArray.CreateBuilder<ContainerSupervisor>();
        var probers = ImmutableArray.CreateBuilder<ReadinessProber?>();
        for (var i = 0; i < spec.Containers.Length; i++)
        {
            var container = spec.Containers[i];
            var lifecycle = new ContainerLifecycle(container.Name, $"{spec.Namespace}/{spec.Name}", spec.RestartPolicy, backOff);
            var supervisor = new ContainerSupervisor(spec.Namespace, spec.Name, lifecycle, container.Process with { NetworkNamespace = spec.NetworkNamespace }, launcher, records, time);
            var prober = container.ReadinessProbe is { } probe
                ? new ReadinessProber(probe, probes, spec.NetworkNamespace, time, (ready, _) => supervisor.SetReady(ready))
                : null;
            var index = i;
            supervisor.StatusChanged += status => OnContainerChanged(index, status);
            containers.Add(supervisor);
            probers.Add(prober);
        }

        _containers = containers.ToImmutable();
        _probers = probers.ToImmutable();
    }

    /// <summary>Raised after any container's status changed.</summary>
    public event Action<PodRuntimeStatus>? StatusChanged;

    public PodRuntimeSpec Spec => _spec;

    public PodRuntimeStatus Status => new([.. _containers.Select(c => c.Status)]);

    /// <summary>The processes currently running, for diagnostics and tests.</summary>
    public IReadOnlyList<ProcessIdentity?> Processes => [.. _containers.Select(c => c.Process)];

    public void Start()
    {
        foreach (var container in _containers)
        {
            container.Start();
        }
    }

    /// <summary>Stops every container (SIGTERM, SIGKILL after <paramref name="grace"/>) and every prober.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        foreach (var prober in _probers)
        {
            prober?.ContainerStopped();
        }

        await Task.WhenAll(_containers.Select(c => c.StopAsync(grace)));
        foreach (var prober in _probers)
        {
            if (prober is not null)
            {
                await prober.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(30));

    private void OnContainerChanged(int index, ContainerStatus status)
    {
        var prober = _probers[index];
        if (status.State is RunningState running)
        {
            bool newRun;
            lock (_gate)
            {
                newRun = _probedRun[index] != status.RestartCount;
                _probedRun[index] = status.RestartCount;
            }

            if (newRun)
            {
                if (prober is null)
                {
                    _containers[index].SetReady(true);
                }
                else
                {
                    prober.ContainerStarted(running.StartedAt);
                }
            }
        }
        else
        {
            prober?.ContainerStopped();
        }

        StatusChanged?.Invoke(Status);
    }
}
