using Microsoft.Win32.SafeHandles;
using Weft.Datapath.Linux.Interop;

namespace Weft.Datapath.Linux.Files;

/// <summary>
/// An exclusive flock(2) on a lock file, held until disposed. The kernel drops it when the process dies, so a
/// killed holder never leaves the lock taken (unlike a lock file created with O_EXCL).
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Blocks until the lock on <paramref name="path"/> (created if missing) is held.</summary>
    public static FileLock Acquire(string path)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        while (Libc.flock((int)handle.DangerousGetHandle(), Libc.LockExclusive) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != 4)
            {
                handle.Dispose();
                throw new Abstractions.KernelOperationException($"flock({path})", errno, Libc.Describe(errno));
            }

            // EINTR: retry.
        }

        return new FileLock(handle);
    }

    public void Dispose() => _handle.Dispose();
}
