using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// The native socket calls of the netlink readers (libc). .NET's <c>Socket</c> does not know AF_NETLINK (it rejects
/// address family 16 with EAFNOSUPPORT), so the socket lives here as a plain descriptor. Entering a namespace
/// (<c>setns(2)</c>) is <see cref="Netns.LinuxNetns"/>'s job.
/// Every call reports failure through errno (<see cref="Marshal.GetLastPInvokeError"/>).
/// </summary>
internal static class NetlinkInterop
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkNetfilter = 12;
    public const int SolSocket = 1;
    public const int SoRcvbuf = 8;
    public const int SoRcvbufforce = 33;
    public const int SolNetlink = 270;
    public const int NetlinkAddMembership = 1;
    public const int MsgDontwait = 0x40;
    public const short PollIn = 0x1;

    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Enobufs = 105;

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static extern int Bind(int fd, ref SockaddrNl address, int addressLength);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static extern int SetSockOpt(int fd, int level, int name, ref int value, int valueLength);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    public static extern nint Send(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static extern nint Recv(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    /// <summary>struct sockaddr_nl.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
