namespace Weft.Mesh.Hosting;

/// <summary>
/// When to give memory back: once after start-up, once after each burst of traffic, and once after native memory
/// was freed in bulk while idle (connections closing: OpenSSL's per-connection state and buffers go back to glibc's
/// free lists, which keep them resident until trimmed) — each time only when <see cref="QuietTicks"/> ticks in a row
/// allocated fewer than <see cref="IdleBytes"/> (and, for freed memory alone, once the last tick freed less than
/// <see cref="SettledBytes"/>), never twice without such activity in between, so an idle proxy does no work. Pure: fed
/// the process's allocation counter and glibc's free byte count.
/// </summary>
/// <remarks>
/// Several quiet ticks, not one: a trim makes the next requests fault the heap back in (kernel time). With a trim
/// after one quiet 5 s tick, interleaved A/B rounds with ~10 s gaps cost ~8 % more CPU per request
/// (bench/mesh/RESULTS.md); after 30 s of quiet, a busy proxy never trims and an idle one pays once per idle spell.
/// Freed native memory counts because pooled mTLS connections close long after their last request (Kestrel's
/// keep-alive timeout, the peer's pool): without it, the 1–1.5 MB they free stayed resident for good (RESULTS.md,
/// session 4).
/// </remarks>
internal sealed class IdleTrimPolicy(int quietTicks = IdleTrimPolicy.DefaultQuietTicks)
{
    /// <summary>An idle sidecar still allocates a little (admin probes every second, the members long poll).</summary>
    public const long IdleBytes = 256 * 1024;

    /// <summary>
    /// Native memory on the free lists above its low point since the last trim that is worth another trim (eight
    /// pooled mTLS connections closing freed ~1.4 MB in bench/mesh/rss.sh).
    /// </summary>
    public const long FreedBytes = 256 * 1024;

    /// <summary>Native memory freed within one tick that means freeing is still going on.</summary>
    public const long SettledBytes = 64 * 1024;

    public const int DefaultQuietTicks = 3;

    private long _last = -1;
    private long _lastFree = -1;
    private long _freeLow = long.MaxValue;
    private bool _dirty = true;
    private bool _traffic = true;
    private int _quiet;

    public int QuietTicks { get; } = quietTicks;

    /// <summary>Returns true when the caller should trim now.</summary>
    /// <param name="allocatedBytes">Managed bytes allocated since start (monotonic).</param>
    /// <param name="nativeFreeBytes">Bytes on the native allocator's free lists now (0 where unknown).</param>
    public bool Tick(long allocatedBytes, long nativeFreeBytes = 0)
    {
        var delta = _last < 0 ? 0 : allocatedBytes - _last;
        var freeing = _lastFree >= 0 && nativeFreeBytes - _lastFree >= SettledBytes;
        _last = allocatedBytes;
        _lastFree = nativeFreeBytes;
        // Freed native memory is not traffic (closing connections allocates little): it makes a trim worthwhile
        // without restarting the quiet count. Measured from the lowest point since the last trim, so memory that was
        // reused (faulted back in) and freed again counts, and churn that reuses what it frees does not.
        _freeLow = Math.Min(_freeLow, nativeFreeBytes);
        if (nativeFreeBytes - _freeLow >= FreedBytes) _dirty = true;
        if (delta >= IdleBytes)
        {
            _dirty = _traffic = true;
            _quiet = 0;
            return false;
        }

        _quiet++;
        if (!_dirty || _quiet < QuietTicks) return false;
        // A trim for freed memory alone waits while memory is still being freed (connections close over several
        // seconds): one trim after the wave instead of one at its first tick. Start-up and traffic trims do not wait
        // (the tier-1 JIT frees memory for a minute after a burst; their trim stays 30–40 s after the last request).
        if (freeing && !_traffic) return false;
        // At most one trim per QuietTicks ticks, however often connections close.
        _dirty = _traffic = false;
        _quiet = 0;
        return true;
    }

    /// <summary>
    /// The trim's own allocations are not traffic, and what it left on the free lists is the new low point: restart
    /// both from here without marking dirty.
    /// </summary>
    public void Trimmed(long allocatedBytes, long nativeFreeBytes = 0)
    {
        _last = allocatedBytes;
        _lastFree = nativeFreeBytes;
        _freeLow = nativeFreeBytes;
    }
}
