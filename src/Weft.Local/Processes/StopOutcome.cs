namespace Weft.Local.Processes;

/// <summary>How a stop request ended.</summary>
public enum StopOutcome
{
    /// <summary>The process was already gone (or its PID belongs to another process now); nothing was signalled.</summary>
    NotRunning,

    /// <summary>It exited after SIGTERM within the grace period.</summary>
    Terminated,

    /// <summary>It ignored SIGTERM for the whole grace period and was killed with SIGKILL.</summary>
    Killed,
}
