using System.Globalization;
using System.Text;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// <c>weft mesh stat</c>'s arithmetic, pure: inbound golden metrics of each pod scraped twice, a window apart, folded
/// per workload into success rate, requests per second and latency quantiles (from the histogram buckets' deltas,
/// upper bound of the bucket holding the quantile, as <c>linkerd viz stat</c> reports).
/// </summary>
public static class MeshStats
{
    /// <summary>Inbound counters of one scrape: successes, failures and cumulative latency buckets by upper bound.</summary>
    public sealed record Counters(double Success, double Failure, IReadOnlyDictionary<double, double> Buckets);

    public sealed record Row(string Workload, int Pods, double SuccessRate, double Rps, double P50, double P95, double P99);

    public static Counters Parse(string metrics)
    {
        double success = 0, failure = 0;
        var buckets = new Dictionary<double, double>();
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.Contains("direction=\"inbound\"", StringComparison.Ordinal) || line.StartsWith('#')) continue;
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            if (line.StartsWith("response_total{", StringComparison.Ordinal))
            {
                if (line.Contains("classification=\"success\"", StringComparison.Ordinal)) success += value;
                else failure += value;
            }
            else if (line.StartsWith("response_latency_seconds_bucket{", StringComparison.Ordinal))
            {
                var le = Label(line, "le");
                var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + value;
            }
        }

        return new Counters(success, failure, buckets);
    }

    /// <summary>One row per workload from (workload, before, after) per pod; quantiles in seconds, NaN without traffic.</summary>
    public static IReadOnlyList<Row> Compute(IEnumerable<(string Workload, Counters Before, Counters After)> pods, TimeSpan window) =>
        pods.GroupBy(p => p.Workload, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var success = g.Sum(p => p.After.Success - p.Before.Success);
            var failure = g.Sum(p => p.After.Failure - p.Before.Failure);
            var total = success + failure;
            var buckets = g.SelectMany(p => p.After.Buckets.Select(b => (b.Key, Delta: b.Value - p.Before.Buckets.GetValueOrDefault(b.Key))))
                .GroupBy(b => b.Key).OrderBy(b => b.Key).Select(b => (Bound: b.Key, Count: b.Sum(x => x.Delta))).ToList();
            return new Row(g.Key, g.Count(), total > 0 ? success / total : double.NaN, total / window.TotalSeconds,
                Quantile(buckets, 0.50), Quantile(buckets, 0.95), Quantile(buckets, 0.99));
        }).ToList();

    public static string Format(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"NAME",-24} {"MESHED",6} {"SUCCESS",8} {"RPS",8} {"LATENCY_P50",12} {"LATENCY_P95",12} {"LATENCY_P99",12}\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Workload,-24} {r.Pods,6} {Percent(r.SuccessRate),8} {r.Rps,8:0.0} {Ms(r.P50),12} {Ms(r.P95),12} {Ms(r.P99),12}\n");
        }

        return text.ToString();
    }

    private static double Quantile(List<(double Bound, double Count)> cumulative, double q)
    {
        var total = cumulative.Count == 0 ? 0 : cumulative[^1].Count;
        if (total <= 0) return double.NaN;
        return cumulative.First(b => b.Count >= q * total).Bound;
    }

    private static string Percent(double rate) => double.IsNaN(rate) ? "-" : (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "-" : double.IsPositiveInfinity(seconds) ? ">50s" : (seconds * 1000).ToString("0", CultureInfo.InvariantCulture) + "ms";

    private static string Label(string line, string name)
    {
        var start = line.IndexOf(name + "=\"", StringComparison.Ordinal) + name.Length + 2;
        return line[start..line.IndexOf('"', start)];
    }
}
