using System.Runtime.InteropServices;

namespace Weft.Local.Interop;

/// <summary>
/// The few libc calls the local runtime needs that .NET does not expose: sending a chosen signal (Process.Kill is
/// SIGKILL only) and entering a network namespace on the current thread. Product code calls these through
/// <see cref="Processes.ProcessSignals"/> and <see cref="Probes.NetnsSocketFactory"/> only.
/// </summary>
internal static partial class Libc
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int CLONE_NEWNET = 0x40000000;
    public const int ESRCH = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);
}
