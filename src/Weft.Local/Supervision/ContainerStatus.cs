namespace Weft.Local.Supervision;

/// <summary>One container's status, a value published on every change.</summary>
public sealed record ContainerStatus
{
    public required string Name { get; init; }

    public required ContainerState State { get; init; }

    /// <summary>How the previous run ended, once the container has restarted or is waiting to.</summary>
    public TerminatedState? LastState { get; init; }

    public int RestartCount { get; init; }

    /// <summary>Readiness as the readiness probe decided; a running container without a probe is ready.</summary>
    public bool Ready { get; init; }

    /// <summary>When a back-off is running: the time the next restart happens.</summary>
    public DateTimeOffset? NextRestartAt { get; init; }
}
