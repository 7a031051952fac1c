namespace Weft.Local.Processes;

/// <summary>
/// Starts container processes. The port between the supervision logic and the OS: <see cref="LinuxProcessLauncher"/>
/// in production, a fake in unit tests.
/// </summary>
public interface IProcessLauncher
{
    /// <summary>Starts the process; an executable that does not exist is a <see cref="LaunchResult.CannotRun"/>, not an exception.</summary>
    LaunchResult Launch(ProcessStartSpec spec);
}
