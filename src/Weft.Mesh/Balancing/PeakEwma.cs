using System.Diagnostics;

namespace Weft.Mesh.Balancing;

/// <summary>
/// Peak-EWMA latency estimate (Finagle, then linkerd2-proxy's tower <c>PeakEwma</c>): a new RTT above the estimate
/// replaces it at once (peak sensitivity); one below it is blended in with weight decaying over
/// <see cref="Decay"/>. Cost = estimate × (in-flight + 1), so a slow or busy endpoint loses the P2C comparison.
/// Reading the cost decays the estimate towards zero with the time since its last update (as tower does): an
/// endpoint that lost every comparison after one slow answer or a failure penalty gets no traffic, so no new RTT,
/// and without the decay it would stay out of rotation for as long as the others stay fast.
/// An endpoint that has not answered yet costs nothing while no request to it is in flight: a pod that just joined
/// gets one request at once, and its real RTT from then on. With the default RTT as its cost instead, warm endpoints
/// answering in a millisecond would win every comparison for as long as that estimate takes to decay (~40 s), and a
/// scaled-up deployment's new pods would see no traffic from a busy client meanwhile.
/// Times are <see cref="TimeProvider.GetTimestamp"/> ticks so tests drive them with a fake clock.
/// </summary>
internal sealed class PeakEwma
{
    public static readonly TimeSpan Decay = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _estimateMs;
    private long _updatedAt;
    private int _pending;
    private bool _observed;

    public PeakEwma(TimeProvider time, TimeSpan defaultRtt)
    {
        _time = time;
        _estimateMs = defaultRtt.TotalMilliseconds;
        _updatedAt = time.GetTimestamp();
    }

    public int Pending => Volatile.Read(ref _pending);

    public double EstimateMs
    {
        get { lock (_gate) return _estimateMs; }
    }

    /// <summary>The load value P2C compares.</summary>
    public double Cost()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _estimateMs *= Weight(now);
            _updatedAt = now;
            return _observed ? _estimateMs * (_pending + 1) : _estimateMs * _pending;
        }
    }

    /// <summary>Marks a request in flight; returns its start timestamp.</summary>
    public long Start()
    {
        Interlocked.Increment(ref _pending);
        return _time.GetTimestamp();
    }

    /// <summary>Ends a request started at <paramref name="startTimestamp"/> and folds its RTT in.</summary>
    public void Complete(long startTimestamp)
    {
        var now = _time.GetTimestamp();
        var rttMs = _time.GetElapsedTime(startTimestamp, now).TotalMilliseconds;
        lock (_gate)
        {
            _pending--;
            _observed = true;
            if (rttMs > _estimateMs)
            {
                _estimateMs = rttMs;
            }
            else
            {
                var w = Weight(now);
                _estimateMs = (_estimateMs * w) + (rttMs * (1 - w));
            }

            _updatedAt = now;
        }
    }

    /// <summary>How much of the estimate survives from its last update to <paramref name="now"/>: e^(−elapsed / Decay).</summary>
    private double Weight(long now)
    {
        var elapsedMs = Math.Max(0, (now - _updatedAt) * 1000.0 / _time.TimestampFrequency);
        return Math.Exp(-elapsedMs / Decay.TotalMilliseconds);
    }

    /// <summary>Ends a request that failed before any response: counts as a peak so the endpoint is avoided.</summary>
    public void Fail(TimeSpan penalty)
    {
        lock (_gate)
        {
            _pending--;
            _observed = true;
            _estimateMs = Math.Max(_estimateMs, penalty.TotalMilliseconds);
            _updatedAt = _time.GetTimestamp();
        }

        Debug.Assert(_pending >= 0, "pending went negative");
    }
}
