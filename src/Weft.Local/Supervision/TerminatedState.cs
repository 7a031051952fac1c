namespace Weft.Local.Supervision;

/// <summary>
/// The process ended. <see cref="Reason"/> is Completed (exit 0), Error (non-zero) or ContainerCannotRun (it could
/// not start; exit code 128 as Docker reports). A stop by the runtime is reported like any other exit.
/// </summary>
public sealed record TerminatedState(int ExitCode, string Reason, DateTimeOffset FinishedAt) : ContainerState
{
    public DateTimeOffset? StartedAt { get; init; }

    public string? Message { get; init; }
}
