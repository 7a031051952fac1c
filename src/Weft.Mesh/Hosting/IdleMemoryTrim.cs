using System.Runtime;
using Weft.Mesh.Interop;

namespace Weft.Mesh.Hosting;

/// <summary>
/// Returns the memory a burst of traffic (or start-up) left behind once the proxy is idle again: a blocking,
/// compacting, aggressive GC (releases the grown gen0 budget and free regions to the OS) then glibc
/// <c>malloc_trim(0)</c> (the native heap: OpenSSL and socket buffers freed by then). Nothing runs on the request
/// path: one timer tick every <c>period</c> (10 s) reads the allocation counter and glibc's free byte count
/// (<c>mallinfo2</c>); the trim comes after three quiet ticks (<see cref="IdleTrimPolicy"/>), i.e. 30–40 s after the
/// last burst, or at the first tick after connections closed in bulk when the proxy was already quiet.
/// Measured in bench/mesh/RESULTS.md (memory pass 3; the trim after connections close: *Idle RSS with mTLS,
/// session 4*).
/// </summary>
public sealed class IdleMemoryTrim : IDisposable
{
    private readonly IdleTrimPolicy _policy = new();
    private readonly ITimer _timer;
    private int _running;
    private bool _noMallInfo;

    private IdleMemoryTrim(TimeProvider time, TimeSpan period) =>
        _timer = time.CreateTimer(_ => Tick(), null, period, period);

    /// <summary>Starts trimming; <c>WEFT_PROXY_IDLE_TRIM=0</c> turns it off (returns null).</summary>
    public static IdleMemoryTrim? Start(TimeProvider time, TimeSpan? period = null) =>
        Environment.GetEnvironmentVariable("WEFT_PROXY_IDLE_TRIM") == "0" ? null : new IdleMemoryTrim(time, period ?? TimeSpan.FromSeconds(10));

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            if (!_policy.Tick(GC.GetTotalAllocatedBytes(precise: false), NativeFreeBytes())) return;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    _ = LibC.MallocTrim(0); // 1 = released, 0 = nothing to release: either is fine
                }
                catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
                {
                    // musl: no malloc_trim; the GC part already ran.
                }
            }

            _policy.Trimmed(GC.GetTotalAllocatedBytes(precise: false), NativeFreeBytes());
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>glibc's free bytes (freed chunks and top chunks of all arenas); 0 where mallinfo2 is missing (musl, old glibc).</summary>
    private long NativeFreeBytes()
    {
        if (_noMallInfo || !OperatingSystem.IsLinux()) return 0;
        try
        {
            return (long)LibC.GetMallInfo2().FreeBytes;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _noMallInfo = true;
            return 0;
        }
    }
}
