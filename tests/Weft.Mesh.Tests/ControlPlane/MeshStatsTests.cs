using Weft.Mesh.ControlPlane;

namespace Weft.Mesh.Tests.ControlPlane;

public sealed class MeshStatsTests
{
    private static string Scrape(int success, int failure, int under5ms, int under100ms) => $$"""
        # TYPE response_total counter
        response_total{direction="inbound",authority="a",src_id="",dst_id="",status_code="200",status_class="2xx",grpc_status="",classification="success",error=""} {{success}}
        response_total{direction="inbound",authority="a",src_id="",dst_id="",status_code="500",status_class="5xx",grpc_status="",classification="failure",error=""} {{failure}}
        response_total{direction="outbound",authority="a",src_id="",dst_id="",status_code="200",status_class="2xx",grpc_status="",classification="success",error=""} 999
        response_latency_seconds_bucket{direction="inbound",classification="success",le="0.005"} {{under5ms}}
        response_latency_seconds_bucket{direction="inbound",classification="success",le="0.1"} {{under100ms}}
        response_latency_seconds_bucket{direction="inbound",classification="success",le="+Inf"} {{under100ms}}
        """;

    [Fact]
    public void Compute_TwoScrapes_GivesRatesAndQuantilesOfTheWindowPerWorkload()
    {
        var before = MeshStats.Parse(Scrape(10, 0, 10, 10));
        var after = MeshStats.Parse(Scrape(28, 2, 28, 30));

        var rows = MeshStats.Compute([("shop/cart", before, after), ("shop/cart", before, before)], TimeSpan.FromSeconds(2));

        var row = rows.ShouldHaveSingleItem();
        row.Pods.ShouldBe(2);
        row.SuccessRate.ShouldBe(0.9);
        row.Rps.ShouldBe(10);
        row.P50.ShouldBe(0.005);
        row.P99.ShouldBe(0.1);
        MeshStats.Format(rows).ShouldContain("90.00%");
    }

    [Fact]
    public void Compute_NoTraffic_ReportsNoRateInsteadOfZero()
    {
        var idle = MeshStats.Parse(Scrape(5, 0, 5, 5));

        var row = MeshStats.Compute([("ns/idle", idle, idle)], TimeSpan.FromSeconds(1)).ShouldHaveSingleItem();

        double.IsNaN(row.SuccessRate).ShouldBeTrue();
        MeshStats.Format([row]).ShouldContain(" - ");
    }
}
