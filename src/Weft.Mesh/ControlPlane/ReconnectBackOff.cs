namespace Weft.Mesh.ControlPlane;

/// <summary>
/// Delays between attempts to reach the control plane: <see cref="Initial"/>, doubling up to <see cref="Max"/>,
/// back to <see cref="Initial"/> after a success. Pure; the caller waits on its own (injected) clock.
/// </summary>
public sealed class ReconnectBackOff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    private TimeSpan _next = Initial;

    /// <summary>The delay before the next attempt after a failure.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Max.Ticks));
        return delay;
    }

    public void Reset() => _next = Initial;
}
