using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Interop;

namespace Weft.Datapath.Linux.Files;

/// <summary>
/// An exclusive flock(2) on a lock file, held until disposed. The kernel drops it when the process dies, so a
/// killed holder never leaves the lock taken (unlike a lock file created with O_EXCL). The file is opened with
/// open(2) directly: .NET's FileStream takes its own non-blocking flock to emulate FileShare, which would fail
/// instead of waiting while another process holds the lock.
/// </summary>
public sealed class FileLock : IDisposable
{
    private const int Interrupted = 4;
    private int _fd;

    private FileLock(int fd) => _fd = fd;

    /// <summary>Blocks until the lock on <paramref name="path"/> (created if missing) is held.</summary>
    public static FileLock Acquire(string path)
    {
        var fd = Libc.Open(path, Libc.OpenReadWrite | Libc.OpenCreate | Libc.OpenCloseOnExec, 0b110_100_100);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new KernelOperationException($"open({path})", errno, Libc.Describe(errno));
        }

        while (Libc.flock(fd, Libc.LockExclusive) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interrupted)
            {
                Libc.Close(fd);
                throw new KernelOperationException($"flock({path})", errno, Libc.Describe(errno));
            }
        }

        return new FileLock(fd);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // Closing the descriptor releases the lock.
            Libc.Close(fd);
        }
    }
}
