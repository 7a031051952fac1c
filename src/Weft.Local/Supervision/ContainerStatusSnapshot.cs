namespace Weft.Local.Supervision;

/// <summary>One container's status, flattened: <see cref="State"/> is waiting, running or terminated.</summary>
public sealed record ContainerStatusSnapshot
{
    public required string Name { get; init; }

    public required string State { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public int? ExitCode { get; init; }

    public int? Pid { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int RestartCount { get; init; }

    public bool Ready { get; init; }

    public int? LastExitCode { get; init; }

    public string? LastReason { get; init; }

    public static ContainerStatusSnapshot From(ContainerStatus status)
    {
        var snapshot = new ContainerStatusSnapshot
        {
            Name = status.Name,
            State = "waiting",
            RestartCount = status.RestartCount,
            Ready = status.Ready,
            LastExitCode = status.LastState?.ExitCode,
            LastReason = status.LastState?.Reason,
        };
        return status.State switch
        {
            RunningState running => snapshot with { State = "running", Pid = running.Pid, StartedAt = running.StartedAt },
            TerminatedState terminated => snapshot with { State = "terminated", Reason = terminated.Reason, Message = terminated.Message, ExitCode = terminated.ExitCode, StartedAt = terminated.StartedAt, FinishedAt = terminated.FinishedAt },
            WaitingState waiting => snapshot with { Reason = waiting.Reason, Message = waiting.Message },
            _ => snapshot,
        };
    }
}
