namespace Weft.Local.Supervision;

/// <summary>
/// Kubelet's crash-loop back-off (client-go flowcontrol.Backoff as kuberuntime uses it, without jitter): the first
/// restart after a crash is immediate; later ones wait 10 s, 20 s, 40 s … capped at 5 min, counted from the exit.
/// When the container ran for longer than 2 × cap (10 min) since the last restart, the back-off starts over.
/// Pure: the caller supplies every time.
/// </summary>
public sealed class RestartBackOff
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromMinutes(5);

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan? _delay;
    private DateTimeOffset _lastRestart;

    public RestartBackOff(TimeSpan? initial = null, TimeSpan? max = null)
    {
        _initial = initial ?? DefaultInitial;
        _max = max ?? DefaultMax;
    }

    /// <summary>
    /// The time to restart a container that exited at <paramref name="exitedAt"/>, and records that restart
    /// (as kubelet's <c>Next</c> does when the back-off has passed).
    /// </summary>
    public DateTimeOffset ScheduleRestart(DateTimeOffset exitedAt)
    {
        DateTimeOffset restartAt;
        if (_delay is not { } delay || exitedAt - _lastRestart > 2 * _max)
        {
            restartAt = exitedAt;
            _delay = _initial;
        }
        else
        {
            restartAt = exitedAt + delay;
            _delay = delay * 2 > _max ? _max : delay * 2;
        }

        _lastRestart = restartAt;
        return restartAt;
    }
}
