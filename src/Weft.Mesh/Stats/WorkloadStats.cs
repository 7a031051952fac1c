namespace Weft.Mesh.Stats;

/// <summary>
/// <c>weft stat</c>'s arithmetic, pure: two scrape rounds of every pod, folded per workload (Deployment, pod or
/// namespace) into the inbound success rate, requests per second and latency quantiles of the traffic between the
/// two rounds, as <c>linkerd viz stat</c> reports them. RPS = responses counted between the rounds / seconds
/// between the rounds. Inbound only: each request is counted once, by the proxy in front of the workload that
/// served it.
/// </summary>
public static class WorkloadStats
{
    public static IReadOnlyList<StatRow> Compute(ScrapeRound before, ScrapeRound after, StatKind kind, string? name = null)
    {
        var seconds = (after.At - before.At).TotalSeconds;
        var previous = before.Pods.ToDictionary(p => (p.Namespace, p.Pod));
        var rows = new List<StatRow>();
        foreach (var group in after.Pods.GroupBy(p => Key(p, kind)).OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            if (name is not null && group.Key.Name != name) continue;
            var traffic = TrafficCounters.Empty;
            var measured = false;
            long connections = 0;
            foreach (var pod in group.Where(p => p.Metrics is not null))
            {
                var now = MetricsText.Parse(pod.Metrics!);
                var then = previous.TryGetValue((pod.Namespace, pod.Pod), out var old) && old.Metrics is not null ? MetricsText.Parse(old.Metrics) : null;
                connections += (long)(Sum(now, "tcp_open_total") - Sum(now, "tcp_close_total"));
                if (then is null) continue;
                measured = true;
                traffic = traffic.Add(Inbound(now).Since(Inbound(then)));
            }

            var hasTraffic = measured && traffic.Total > 0 && seconds > 0;
            rows.Add(new StatRow(
                group.Key.Namespace,
                group.Key.Name,
                group.Count(p => p.Meshed),
                group.Count(),
                hasTraffic ? traffic.SuccessRate : null,
                measured && seconds > 0 ? traffic.Total / seconds : null,
                hasTraffic ? traffic.Quantile(0.50) : null,
                hasTraffic ? traffic.Quantile(0.95) : null,
                hasTraffic ? traffic.Quantile(0.99) : null,
                group.Any(p => p.Metrics is not null) ? connections : null));
        }

        return rows;
    }

    /// <summary>Parses the kind argument: deploy/deployment/deployments, pod/po/pods, ns/namespace/namespaces.</summary>
    public static bool TryParseKind(string text, out StatKind kind)
    {
        switch (text.ToLowerInvariant())
        {
            case "deploy" or "deployment" or "deployments":
                kind = StatKind.Deployment;
                return true;
            case "pod" or "po" or "pods":
                kind = StatKind.Pod;
                return true;
            case "ns" or "namespace" or "namespaces":
                kind = StatKind.Namespace;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    private static (string Namespace, string Name) Key(PodScrape pod, StatKind kind) => kind switch
    {
        StatKind.Pod => (pod.Namespace, pod.Pod),
        StatKind.Namespace => ("", pod.Namespace),
        _ => (pod.Namespace, pod.Workload),
    };

    private static TrafficCounters Inbound(IReadOnlyList<MetricSample> samples) =>
        TrafficCounters.Fold(samples, s => s.Label("direction") == "inbound" ? "" : null).GetValueOrDefault("") ?? TrafficCounters.Empty;

    private static double Sum(IReadOnlyList<MetricSample> samples, string metric) =>
        samples.Where(s => s.Name == metric && s.Label("direction") == "inbound").Sum(s => s.Value);
}
