using Weft.Local.Daemon;
using Weft.Local.Probes;
using Weft.Local.Supervision;

namespace Weft.Local.Runtime;

/// <summary>A pod's supervised containers and their readiness probers.</summary>
internal sealed class PodContainers(IReadOnlyList<ContainerSupervisor> supervisors, IReadOnlyList<ReadinessProber> probers) : IPodContainers
{
    public IReadOnlyList<ContainerView> Status() => supervisors.Select(s => ToView(s.Status)).ToList();

    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        foreach (var prober in probers)
        {
            await prober.DisposeAsync();
        }

        await Task.WhenAll(supervisors.Select(s => s.StopAsync(grace)));
        foreach (var supervisor in supervisors)
        {
            await supervisor.DisposeAsync();
        }
    }

    private static ContainerView ToView(ContainerStatus status) => status.State switch
    {
        RunningState running => new ContainerView(status.Name, "Running", null, status.RestartCount, status.Ready, null, running.Pid),
        TerminatedState done => new ContainerView(status.Name, "Terminated", done.Reason, status.RestartCount, false, done.ExitCode, null),
        WaitingState waiting => new ContainerView(status.Name, "Waiting", waiting.Reason, status.RestartCount, false, status.LastState?.ExitCode, null),
        _ => new ContainerView(status.Name, "Waiting", null, status.RestartCount, false, null, null),
    };
}
