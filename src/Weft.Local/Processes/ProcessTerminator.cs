namespace Weft.Local.Processes;

/// <summary>
/// Stops a process by identity, as kubelet stops a container: SIGTERM, wait up to the grace period, then SIGKILL.
/// Works for processes started by an earlier weft run (not our children), so it polls <c>/proc</c> instead of
/// waiting for an exit status; the start-time check means a reused PID is never signalled.
/// </summary>
public sealed class ProcessTerminator
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly TimeProvider _time;

    public ProcessTerminator(TimeProvider time) => _time = time;

    public async Task<StopOutcome> StopAsync(ProcessIdentity identity, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!ProcessSignals.Send(identity, ProcessSignal.Terminate))
        {
            return StopOutcome.NotRunning;
        }

        var deadline = _time.GetUtcNow() + grace;
        while (_time.GetUtcNow() < deadline)
        {
            if (!ProcStat.IsAlive(identity))
            {
                return StopOutcome.Terminated;
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }

        if (!ProcessSignals.Send(identity, ProcessSignal.Kill))
        {
            return StopOutcome.Terminated;
        }

        // SIGKILL cannot be ignored; wait (bounded) until the kernel has torn the process down.
        for (var i = 0; i < 100 && ProcStat.IsAlive(identity); i++)
        {
            await Task.Delay(PollInterval, _time, cancellationToken);
        }

        return StopOutcome.Killed;
    }
}
