using System.Collections.Immutable;
using System.Globalization;

namespace Weft.Mesh.Stats;

/// <summary>
/// Response counters of some set of series: successes, failures (the proxy's <c>classification</c> label) and the
/// cumulative latency buckets by upper bound in seconds. Counters add across series and pods; the difference of two
/// scrapes is the traffic in between.
/// </summary>
public sealed record TrafficCounters(double Success, double Failure, ImmutableSortedDictionary<double, double> Buckets)
{
    public static readonly TrafficCounters Empty = new(0, 0, ImmutableSortedDictionary<double, double>.Empty);

    public double Total => Success + Failure;

    /// <summary>
    /// Folds a scrape's <c>response_total</c> and <c>response_latency_seconds_bucket</c> samples by
    /// <paramref name="key"/> (null: the series is not counted).
    /// </summary>
    public static Dictionary<string, TrafficCounters> Fold(IEnumerable<MetricSample> samples, Func<MetricSample, string?> key)
    {
        var success = new Dictionary<string, double>(StringComparer.Ordinal);
        var failure = new Dictionary<string, double>(StringComparer.Ordinal);
        var buckets = new Dictionary<string, SortedDictionary<double, double>>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (sample.Name is not ("response_total" or "response_latency_seconds_bucket") || key(sample) is not { } k) continue;
            if (sample.Name == "response_total")
            {
                var into = sample.Label("classification") == "success" ? success : failure;
                into[k] = into.GetValueOrDefault(k) + sample.Value;
                success.TryAdd(k, 0);
            }
            else if (TryBound(sample.Label("le"), out var bound))
            {
                if (!buckets.TryGetValue(k, out var b)) buckets[k] = b = [];
                b[bound] = b.GetValueOrDefault(bound) + sample.Value;
            }
        }

        return success.Keys.Concat(buckets.Keys).Distinct(StringComparer.Ordinal).ToDictionary(
            k => k,
            k => new TrafficCounters(
                success.GetValueOrDefault(k),
                failure.GetValueOrDefault(k),
                buckets.TryGetValue(k, out var b) ? b.ToImmutableSortedDictionary() : ImmutableSortedDictionary<double, double>.Empty),
            StringComparer.Ordinal);
    }

    public TrafficCounters Add(TrafficCounters other)
    {
        var buckets = Buckets.ToBuilder();
        foreach (var (bound, count) in other.Buckets) buckets[bound] = buckets.GetValueOrDefault(bound) + count;
        return new TrafficCounters(Success + other.Success, Failure + other.Failure, buckets.ToImmutable());
    }

    /// <summary>
    /// The traffic since <paramref name="before"/>. A counter that went down means the proxy restarted between the
    /// scrapes (counters start again at 0), so the whole of this scrape is the traffic, as Prometheus' rate() does.
    /// </summary>
    public TrafficCounters Since(TrafficCounters before)
    {
        if (Success < before.Success || Failure < before.Failure || Buckets.Any(b => b.Value < before.Buckets.GetValueOrDefault(b.Key))) return this;
        var buckets = Buckets.ToImmutableSortedDictionary(b => b.Key, b => b.Value - before.Buckets.GetValueOrDefault(b.Key));
        return new TrafficCounters(Success - before.Success, Failure - before.Failure, buckets);
    }

    /// <summary>Successes over all responses; null without traffic.</summary>
    public double? SuccessRate => Total > 0 ? Success / Total : null;

    /// <summary>
    /// The <paramref name="q"/>-quantile of latency in seconds, interpolated linearly inside the bucket that holds
    /// it, as Prometheus' histogram_quantile(); the largest finite bound when it falls in +Inf; null without
    /// observations.
    /// </summary>
    public double? Quantile(double q)
    {
        if (Buckets.Count == 0) return null;
        var total = Buckets.Values.Max();
        if (total <= 0) return null;
        var rank = q * total;
        double lower = 0, below = 0;
        foreach (var (bound, cumulative) in Buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(bound)) return lower;
                var inBucket = cumulative - below;
                return inBucket <= 0 ? bound : lower + ((bound - lower) * (rank - below) / inBucket);
            }

            lower = bound;
            below = cumulative;
        }

        return lower;
    }

    private static bool TryBound(string le, out double bound)
    {
        if (le == "+Inf")
        {
            bound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out bound);
    }
}
