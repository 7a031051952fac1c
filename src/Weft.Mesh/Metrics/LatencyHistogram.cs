namespace Weft.Mesh.Metrics;

/// <summary>A cumulative-on-write histogram with linkerd2-proxy's latency buckets (milliseconds).</summary>
internal sealed class LatencyHistogram
{
    public static readonly double[] BoundsMs =
    [
        1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500,
        1_000, 2_000, 3_000, 4_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000,
    ];

    private readonly long[] _buckets = new long[BoundsMs.Length + 1];
    private long _count;
    private long _sumMicros;

    public void Observe(double ms)
    {
        var i = 0;
        while (i < BoundsMs.Length && ms > BoundsMs[i]) i++;
        Interlocked.Increment(ref _buckets[i]);
        Interlocked.Add(ref _sumMicros, (long)(ms * 1000));
        Interlocked.Increment(ref _count);
    }

    public long Count => Interlocked.Read(ref _count);

    public double SumMs => Interlocked.Read(ref _sumMicros) / 1000.0;

    /// <summary>Cumulative count of observations ≤ bound <paramref name="i"/> (i = BoundsMs.Length is +Inf).</summary>
    public long CumulativeCount(int i)
    {
        long total = 0;
        for (var j = 0; j <= i; j++) total += Interlocked.Read(ref _buckets[j]);
        return total;
    }
}
