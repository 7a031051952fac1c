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

    public const int OpenReadWrite = 0x2;
    public const int OpenCreate = 0x40;
    public const int OpenCloseOnExec = 0x80000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint InterfaceIndex(string name);

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
