using System.Runtime.InteropServices;
using Weft.Local.Interop;

namespace Weft.Local.Processes;

/// <summary>Signals exactly one process (group) that we started, after checking it is still that process.</summary>
public static class ProcessSignals
{
    /// <summary>
    /// Sends <paramref name="signal"/> to the process group led by the process (container processes are started
    /// in their own session, so this reaches the children a shell command forks), falling back to the process alone.
    /// Returns false when the process is gone or its PID now belongs to another process.
    /// </summary>
    public static bool Send(ProcessIdentity identity, ProcessSignal signal)
    {
        if (!ProcStat.IsAlive(identity))
        {
            return false;
        }

        if (Libc.Kill(-identity.Pid, (int)signal) == 0)
        {
            return true;
        }

        return Libc.Kill(identity.Pid, (int)signal) == 0 || Marshal.GetLastPInvokeError() != Libc.ESRCH;
    }
}
