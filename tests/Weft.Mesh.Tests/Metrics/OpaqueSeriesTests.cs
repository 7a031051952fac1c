using Weft.Mesh.Metrics;

namespace Weft.Mesh.Tests.Metrics;

public sealed class OpaqueSeriesTests
{
    [Fact]
    public void OpaqueOpened_BeyondTheSeriesCap_CountsUnderOtherIdentity()
    {
        var metrics = new ProxyMetrics();
        for (var i = 0; i < ProxyMetrics.MaxOpaqueSeries; i++)
            metrics.OpaqueOpened(new OpaqueLabels(TrafficDirection.Inbound, $"spiffe://cluster.local/ns/n/sa/s{i}", "spiffe://cluster.local/ns/n/sa/me", true));

        metrics.OpaqueOpened(new OpaqueLabels(TrafficDirection.Inbound, "spiffe://cluster.local/ns/n/sa/one-too-many", "spiffe://cluster.local/ns/n/sa/me", true));
        metrics.OpaqueOpened(new OpaqueLabels(TrafficDirection.Inbound, "spiffe://cluster.local/ns/n/sa/s0", "spiffe://cluster.local/ns/n/sa/me", true));

        var text = metrics.ToPrometheusText();
        text.ShouldNotContain("one-too-many");
        text.ShouldContain("tcp_opaque_open_total{direction=\"inbound\",src_id=\"other\",dst_id=\"other\",tls=\"true\"} 1");
        text.ShouldContain("tcp_opaque_open_total{direction=\"inbound\",src_id=\"spiffe://cluster.local/ns/n/sa/s0\",dst_id=\"spiffe://cluster.local/ns/n/sa/me\",tls=\"true\"} 2");
    }
}
