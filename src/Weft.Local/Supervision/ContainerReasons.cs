namespace Weft.Local.Supervision;

/// <summary>The reason strings kubelet and the container runtimes use, so <c>weft get pods</c> reads like kubectl.</summary>
public static class ContainerReasons
{
    public const string ContainerCreating = "ContainerCreating";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string Completed = "Completed";
    public const string Error = "Error";
    public const string ContainerCannotRun = "ContainerCannotRun";

    /// <summary>Exit code reported when the process never started (Docker's convention).</summary>
    public const int CannotRunExitCode = 128;
}
