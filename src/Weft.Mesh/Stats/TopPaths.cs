using Weft.Mesh.Identity;

namespace Weft.Mesh.Stats;

/// <summary>
/// <c>weft top</c>'s arithmetic, pure: the busiest paths (source → destination, per authority) between two scrape
/// rounds, busiest first. Each request is counted once: a meshed client's outbound proxy reports it (the source is
/// the client's workload, the destination the workload behind the server's SPIFFE ID, or "(unmeshed)" for a plain
/// destination — the dst_id label is empty then); requests from unmeshed clients are only seen by the server's
/// inbound proxy (src_id empty), so those come from inbound series.
/// </summary>
public static class TopPaths
{
    public const string Unmeshed = "(unmeshed)";

    public static IReadOnlyList<TopRow> Compute(ScrapeRound before, ScrapeRound after, string? ns = null, int max = 20)
    {
        var seconds = (after.At - before.At).TotalSeconds;
        if (seconds <= 0) return [];
        var names = IdentityNames(after.Pods);
        var previous = before.Pods.ToDictionary(p => (p.Namespace, p.Pod));
        var paths = new Dictionary<string, (Path Path, TrafficCounters Traffic)>(StringComparer.Ordinal);
        foreach (var pod in after.Pods)
        {
            if (pod.Metrics is null || !previous.TryGetValue((pod.Namespace, pod.Pod), out var old) || old.Metrics is null) continue;
            var self = new Endpoint(pod.Namespace, $"{pod.Namespace}/{pod.Workload}");
            var keys = new Dictionary<string, Path>(StringComparer.Ordinal);
            string? KeyOf(MetricSample s)
            {
                Path? path = s.Label("direction") switch
                {
                    "outbound" => new Path(self, Name(s.Label("dst_id"), names), s.Label("authority")),
                    "inbound" when s.Label("src_id").Length == 0 => new Path(new Endpoint(null, Unmeshed), self, s.Label("authority")),
                    _ => null,
                };
                if (path is null) return null;
                var key = $"{path.Source.Name}\n{path.Destination.Name}\n{path.Authority}";
                keys[key] = path;
                return key;
            }

            var now = TrafficCounters.Fold(MetricsText.Parse(pod.Metrics), KeyOf);
            var then = TrafficCounters.Fold(MetricsText.Parse(old.Metrics), KeyOf);
            foreach (var (key, counters) in now)
            {
                var delta = counters.Since(then.GetValueOrDefault(key) ?? TrafficCounters.Empty);
                paths[key] = paths.TryGetValue(key, out var sum) ? (sum.Path, sum.Traffic.Add(delta)) : (keys[key], delta);
            }
        }

        return paths.Values
            .Where(p => p.Traffic.Total > 0 && (ns is null || p.Path.Source.Namespace == ns || p.Path.Destination.Namespace == ns))
            .Select(p => new TopRow(p.Path.Source.Name, p.Path.Destination.Name, p.Path.Authority, p.Traffic.Total / seconds,
                p.Traffic.SuccessRate, p.Traffic.Quantile(0.50), p.Traffic.Quantile(0.99)))
            .OrderByDescending(r => r.Rps).ThenBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Destination, StringComparer.Ordinal).ThenBy(r => r.Authority, StringComparer.Ordinal)
            .Take(max)
            .ToList();
    }

    /// <summary>
    /// A destination's name from its SPIFFE ID: the one workload whose pods carry it, else the identity as
    /// "ns/sa:name" (several workloads share a service account), "(unmeshed)" for "".
    /// </summary>
    private static Endpoint Name(string identity, Dictionary<string, Endpoint> names)
    {
        if (identity.Length == 0) return new Endpoint(null, Unmeshed);
        if (names.TryGetValue(identity, out var known)) return known;
        return SpiffeId.TryParse(identity, out var id, out _) && id.Namespace is { } ns && id.ServiceAccount is { } sa
            ? new Endpoint(ns, $"{ns}/sa:{sa}")
            : new Endpoint(null, identity);
    }

    private static Dictionary<string, Endpoint> IdentityNames(IReadOnlyList<PodScrape> pods) =>
        pods.Where(p => p.Meshed && p.Identity.Length > 0)
            .GroupBy(p => p.Identity, StringComparer.Ordinal)
            .Select(g => (Identity: g.Key, Workloads: g.Select(p => (p.Namespace, p.Workload)).Distinct().ToList()))
            .Where(g => g.Workloads.Count == 1)
            .ToDictionary(g => g.Identity, g => new Endpoint(g.Workloads[0].Namespace, $"{g.Workloads[0].Namespace}/{g.Workloads[0].Workload}"), StringComparer.Ordinal);

    private sealed record Endpoint(string? Namespace, string Name);

    private sealed record Path(Endpoint Source, Endpoint Destination, string Authority);
}
