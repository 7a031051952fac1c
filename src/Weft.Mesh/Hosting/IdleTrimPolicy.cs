namespace Weft.Mesh.Hosting;

/// <summary>
/// When to give memory back: once after start-up and once after each burst of traffic, when
/// <see cref="QuietTicks"/> ticks in a row found the process idle (fewer than <see cref="IdleBytes"/> allocated since
/// the previous tick). Never twice without traffic in between, so an idle proxy does no work. Pure: fed the
/// process's allocation counter.
/// </summary>
/// <remarks>
/// Several quiet ticks, not one: a trim makes the next requests fault the heap back in (kernel time). With a trim
/// after one quiet 5 s tick, interleaved A/B rounds with ~10 s gaps cost ~8 % more CPU per request
/// (bench/mesh/RESULTS.md); after 30 s of quiet, a busy proxy never trims and an idle one pays once per idle spell.
/// </remarks>
internal sealed class IdleTrimPolicy(int quietTicks = IdleTrimPolicy.DefaultQuietTicks)
{
    /// <summary>An idle sidecar still allocates a little (admin probes every second, the members long poll).</summary>
    public const long IdleBytes = 256 * 1024;

    public const int DefaultQuietTicks = 3;

    private long _last = -1;
    private bool _dirty = true;
    private int _quiet;

    public int QuietTicks { get; } = quietTicks;

    /// <summary>Returns true when the caller should trim now.</summary>
    public bool Tick(long allocatedBytes)
    {
        var delta = _last < 0 ? 0 : allocatedBytes - _last;
        _last = allocatedBytes;
        if (delta >= IdleBytes)
        {
            _dirty = true;
            _quiet = 0;
            return false;
        }

        _quiet++;
        if (!_dirty || _quiet < QuietTicks) return false;
        _dirty = false;
        return true;
    }

    /// <summary>The trim's own allocations are not traffic: restart the count from here without marking dirty.</summary>
    public void Trimmed(long allocatedBytes) => _last = allocatedBytes;
}
