namespace Weft.Local.Processes;

/// <summary>
/// A process as the kernel knows it: the PID plus its start time (field 22 of <c>/proc/PID/stat</c>, clock ticks
/// since boot). The pair survives PID reuse: a different process with the same PID has a different start time.
/// </summary>
public sealed record ProcessIdentity(int Pid, ulong StartTime);
