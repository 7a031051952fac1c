namespace Weft.Datapath.Linux.Abstractions;

/// <summary>How a program ended. A timeout kills the process and reports <see cref="TimedOut"/>.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut = false)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
