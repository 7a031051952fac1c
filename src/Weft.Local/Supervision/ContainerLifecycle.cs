using Weft.Api.Resources;

namespace Weft.Local.Supervision;

/// <summary>
/// The pure state machine of one container under kubelet's rules: it records starts and exits, applies the pod's
/// restartPolicy (Always restarts every exit, OnFailure only non-zero exits and failed starts, Never none) with
/// <see cref="RestartBackOff"/>, and yields the <see cref="ContainerStatus"/> to publish. No clock, no I/O.
/// </summary>
public sealed class ContainerLifecycle
{
    private readonly string _pod;
    private readonly RestartPolicy _policy;
    private readonly RestartBackOff _backOff;

    public ContainerLifecycle(string name, string pod, RestartPolicy policy, RestartBackOff? backOff = null)
    {
        _pod = pod;
        _policy = policy;
        _backOff = backOff ?? new RestartBackOff();
        Status = new ContainerStatus { Name = name, State = new WaitingState(ContainerReasons.ContainerCreating) };
    }

    public ContainerStatus Status { get; private set; }

    /// <summary>The process started (first run or a restart; restarts increase the restart count).</summary>
    public ContainerStatus Started(DateTimeOffset now, int pid)
    {
        var restart = Status.State is not WaitingState { Reason: ContainerReasons.ContainerCreating };
        Status = Status with
        {
            State = new RunningState(now, pid),
            RestartCount = Status.RestartCount + (restart ? 1 : 0),
            Ready = false,
            NextRestartAt = null,
        };
        return Status;
    }

    /// <summary>The process could not be started at all (for example the command does not exist).</summary>
    public RestartDecision CouldNotStart(DateTimeOffset now, string message) =>
        Ended(new TerminatedState(ContainerReasons.CannotRunExitCode, ContainerReasons.ContainerCannotRun, now) { Message = message });

    /// <summary>The process exited with <paramref name="exitCode"/> (128+N for signal N).</summary>
    public RestartDecision Exited(DateTimeOffset now, int exitCode)
    {
        var startedAt = (Status.State as RunningState)?.StartedAt;
        var reason = exitCode == 0 ? ContainerReasons.Completed : ContainerReasons.Error;
        return Ended(new TerminatedState(exitCode, reason, now) { StartedAt = startedAt });
    }

    /// <summary>The runtime stopped the container for good (pod deleted, cluster down): no restart.</summary>
    public ContainerStatus Stopped(DateTimeOffset now, int exitCode)
    {
        var startedAt = (Status.State as RunningState)?.StartedAt;
        var reason = exitCode == 0 ? ContainerReasons.Completed : ContainerReasons.Error;
        Status = Status with { State = new TerminatedState(exitCode, reason, now) { StartedAt = startedAt }, Ready = false, NextRestartAt = null };
        return Status;
    }

    /// <summary>Readiness changed (from the readiness probe); ignored unless the container is running.</summary>
    public ContainerStatus SetReady(bool ready)
    {
        if (Status.State is RunningState && Status.Ready != ready)
        {
            Status = Status with { Ready = ready };
        }

        return Status;
    }

    private RestartDecision Ended(TerminatedState terminated)
    {
        var restart = _policy switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnFailure => terminated.ExitCode != 0,
            _ => false,
        };
        if (!restart)
        {
            Status = Status with { State = terminated, Ready = false, NextRestartAt = null };
            return RestartDecision.Stay;
        }

        var restartAt = _backOff.ScheduleRestart(terminated.FinishedAt);
        if (restartAt <= terminated.FinishedAt)
        {
            // Restarting right away: kubelet shows the exit as the last state and goes straight back to running.
            Status = Status with { State = terminated, LastState = terminated, Ready = false, NextRestartAt = restartAt };
        }
        else
        {
            var delay = restartAt - terminated.FinishedAt;
            var message = $"back-off {FormatDelay(delay)} restarting failed container={Status.Name} pod={_pod}";
            Status = Status with { State = new WaitingState(ContainerReasons.CrashLoopBackOff, message), LastState = terminated, Ready = false, NextRestartAt = restartAt };
        }

        return new RestartDecision(restartAt);
    }

    // Go's time.Duration formatting as kubelet prints it: 10s, 1m20s, 5m0s.
    private static string FormatDelay(TimeSpan delay) =>
        delay < TimeSpan.FromMinutes(1) ? $"{(int)delay.TotalSeconds}s" : $"{(int)delay.TotalMinutes}m{delay.Seconds}s";
}
