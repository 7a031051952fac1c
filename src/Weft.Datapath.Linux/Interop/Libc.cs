using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Interop;

/// <summary>The few libc calls .NET does not wrap. Product code goes through the types that use these.</summary>
internal static partial class Libc
{
    public const int CloneNewNet = 0x40000000;
    public const int LockExclusive = 2;
    public const int LockUnlock = 8;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
