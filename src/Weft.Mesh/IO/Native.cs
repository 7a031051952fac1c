using System.Runtime.InteropServices;

namespace Weft.Mesh.IO;

/// <summary>
/// The Linux calls of Weft's own I/O loop: epoll(7) and non-blocking socket I/O on raw descriptors.
/// Errors come back as negative results with <see cref="Marshal.GetLastPInvokeError"/> holding errno.
/// </summary>
internal static unsafe partial class Native
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 1u << 31;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;

    private const int EPOLL_CLOEXEC = 0x80000;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    private const int MSG_NOSIGNAL = 0x4000;

    public const int SHUT_WR = 1;
    public const int SHUT_RDWR = 2;

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events at 0, data at 4) and naturally aligned elsewhere
    /// (16 bytes: data at 8), so events are read and written through these offsets instead of a fixed struct.
    /// </summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = EventSize == 12 ? 4 : 8;

    public static uint EventsAt(byte* events, int index) => *(uint*)(events + (index * EventSize));

    public static ulong DataAt(byte* events, int index) => *(ulong*)(events + (index * EventSize) + DataOffset);

    public static int EpollCreate() => epoll_create1(EPOLL_CLOEXEC);

    public static int EpollAdd(int epfd, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + DataOffset) = data;
        return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, ev);
    }

    public static int EpollDelete(int epfd, int fd)
    {
        var ev = stackalloc byte[16]; // ignored since Linux 2.6.9, but must not be null before it
        return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, ev);
    }

    public static nint Receive(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer) return recv(fd, p, buffer.Length, 0);
    }

    public static nint Send(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer) return send(fd, p, buffer.Length, MSG_NOSIGNAL);
    }

    public static int Accept(int fd) => accept4(fd, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte* buf, nint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte* buf, nint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int accept4(int fd, byte* addr, uint* addrlen, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);
}
