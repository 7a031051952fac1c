using Weft.Mesh.Metrics;
using Weft.Mesh.Stats;

namespace Weft.Mesh.Tests.Stats;

/// <summary>Scrape rounds built from real <see cref="ProxyMetrics"/> expositions, so the readers read what the proxy writes.</summary>
internal static class Scrapes
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    public const string Cart = "spiffe://cluster.local/ns/shop/sa/cart";
    public const string Frontend = "spiffe://cluster.local/ns/shop/sa/frontend";

    public static RequestLabels Inbound(string source, string self, string authority = "cart.shop:8080") =>
        new(TrafficDirection.Inbound, authority, source, self);

    public static RequestLabels Outbound(string self, string destination, string authority) =>
        new(TrafficDirection.Outbound, authority, self, destination);

    /// <summary>Records <paramref name="count"/> responses with the given status and latency.</summary>
    public static ProxyMetrics Record(this ProxyMetrics metrics, RequestLabels labels, int count, int status = 200, double latencyMs = 3, string grpc = "")
    {
        for (var i = 0; i < count; i++)
        {
            metrics.RequestStarted(labels);
            metrics.ResponseCompleted(new ResponseLabels(labels, status, grpc, ""), latencyMs);
        }

        return metrics;
    }

    public static PodScrape Pod(string ns, string pod, string workload, ProxyMetrics? metrics, string identity = "") =>
        new(ns, pod, workload, metrics is not null, identity, metrics?.ToPrometheusText());

    public static ScrapeRound Round(double seconds, params PodScrape[] pods) => new(T0.AddSeconds(seconds), pods);
}
