namespace Weft.Mesh.Hosting;

/// <summary>
/// When to give memory back: once after start-up and once after each burst of traffic, at the first tick that finds
/// the process idle (fewer than <see cref="IdleBytes"/> allocated since the previous tick). Never twice in a row
/// without traffic in between, so an idle proxy does no work. Pure: fed the process's allocation counter.
/// </summary>
internal sealed class IdleTrimPolicy
{
    /// <summary>An idle sidecar still allocates a little (admin probes every second, the members long poll).</summary>
    public const long IdleBytes = 256 * 1024;

    private long _last = -1;
    private bool _dirty = true;

    /// <summary>Returns true when the caller should trim now.</summary>
    public bool Tick(long allocatedBytes)
    {
        var delta = _last < 0 ? 0 : allocatedBytes - _last;
        _last = allocatedBytes;
        if (delta >= IdleBytes)
        {
            _dirty = true;
            return false;
        }

        if (!_dirty) return false;
        _dirty = false;
        return true;
    }
}
