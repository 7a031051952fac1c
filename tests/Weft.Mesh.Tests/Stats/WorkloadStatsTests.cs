using Weft.Mesh.Metrics;
using Weft.Mesh.Stats;
using static Weft.Mesh.Tests.Stats.Scrapes;

namespace Weft.Mesh.Tests.Stats;

public sealed class WorkloadStatsTests
{
    [Fact]
    public void Compute_TwoRounds_GivesTheWindowsRateSuccessAndLatencyPerDeployment()
    {
        var a = new ProxyMetrics().Record(Inbound(Frontend, Cart), 10, latencyMs: 3);
        var b = new ProxyMetrics();
        var before = Round(0, Pod("shop", "cart-7f9-a", "cart", a, Cart), Pod("shop", "cart-7f9-b", "cart", b, Cart));
        a.Record(Inbound(Frontend, Cart), 18, latencyMs: 3).Record(Inbound("", Cart), 2, status: 503, latencyMs: 40);
        b.Record(Inbound(Frontend, Cart), 20, latencyMs: 3);
        var after = Round(4, Pod("shop", "cart-7f9-a", "cart", a, Cart), Pod("shop", "cart-7f9-b", "cart", b, Cart));

        var row = WorkloadStats.Compute(before, after, StatKind.Deployment).ShouldHaveSingleItem();

        row.Namespace.ShouldBe("shop");
        row.Name.ShouldBe("cart");
        (row.MeshedPods, row.Pods).ShouldBe((2, 2));
        row.Rps.ShouldBe(10, "40 responses in 4 s; the 10 before the window do not count");
        row.SuccessRate.ShouldBe(0.95);
        row.LatencyP50!.Value.ShouldBeInRange(0.002, 0.003);
        row.LatencyP99!.Value.ShouldBeInRange(0.030, 0.040);
    }

    [Fact]
    public void Compute_OutboundTraffic_IsNotTheWorkloadsOwn()
    {
        var m = new ProxyMetrics();
        var before = Round(0, Pod("shop", "frontend", "frontend", m, Frontend));
        m.Record(Outbound(Frontend, Cart, "cart.shop:8080"), 10);
        var after = Round(2, Pod("shop", "frontend", "frontend", m, Frontend));

        var row = WorkloadStats.Compute(before, after, StatKind.Deployment).ShouldHaveSingleItem();

        row.Rps.ShouldBe(0);
        row.SuccessRate.ShouldBeNull("no inbound response in the window: no success rate, not 0 %");
        row.LatencyP50.ShouldBeNull();
    }

    [Fact]
    public void Compute_UnmeshedWorkload_IsListedWithoutMetrics()
    {
        var before = Round(0, Pod("data", "postgres-0", "postgres-0", null));
        var after = Round(2, Pod("data", "postgres-0", "postgres-0", null));

        var row = WorkloadStats.Compute(before, after, StatKind.Deployment).ShouldHaveSingleItem();

        (row.MeshedPods, row.Pods).ShouldBe((0, 1));
        row.Rps.ShouldBeNull();
        row.TcpConnections.ShouldBeNull();
        StatTable.Format([row], StatKind.Deployment).ShouldMatch(@"postgres-0\s+0/1\s+-\s+-");
    }

    [Fact]
    public void Compute_ByPodAndByNamespaceAndByName_GroupsAndFilters()
    {
        var a = new ProxyMetrics();
        var b = new ProxyMetrics();
        PodScrape[] Pods() => [Pod("shop", "cart-1-a", "cart", a, Cart), Pod("shop", "frontend-1-b", "frontend", b, Frontend)];
        var before = Round(0, Pods());
        a.Record(Inbound(Frontend, Cart), 4);
        b.Record(Inbound("", Frontend), 2);
        var after = Round(2, Pods());

        WorkloadStats.Compute(before, after, StatKind.Pod).Select(r => (r.Name, r.Rps)).ShouldBe([("cart-1-a", 2.0), ("frontend-1-b", 1.0)]);
        var ns = WorkloadStats.Compute(before, after, StatKind.Namespace).ShouldHaveSingleItem();
        (ns.Name, ns.Pods, ns.Rps).ShouldBe(("shop", 2, 3.0));
        WorkloadStats.Compute(before, after, StatKind.Deployment, "frontend").ShouldHaveSingleItem().Name.ShouldBe("frontend");
    }

    [Fact]
    public void Compute_ProxyRestartedInTheWindow_CountsItsNewCountersWhole()
    {
        var old = new ProxyMetrics().Record(Inbound(Frontend, Cart), 100);
        var restarted = new ProxyMetrics().Record(Inbound(Frontend, Cart), 6);

        var row = WorkloadStats.Compute(Round(0, Pod("shop", "cart", "cart", old)), Round(2, Pod("shop", "cart", "cart", restarted)), StatKind.Deployment).ShouldHaveSingleItem();

        row.Rps.ShouldBe(3);
    }

    [Theory]
    [InlineData("deploy", StatKind.Deployment)]
    [InlineData("deployments", StatKind.Deployment)]
    [InlineData("po", StatKind.Pod)]
    [InlineData("ns", StatKind.Namespace)]
    public void TryParseKind_KubectlSpellings_AreAccepted(string text, StatKind expected)
    {
        WorkloadStats.TryParseKind(text, out var kind).ShouldBeTrue();
        kind.ShouldBe(expected);
    }

    [Fact]
    public void Format_Rows_AlignsColumnsAndShowsPercentRateAndMilliseconds()
    {
        var text = StatTable.Format([new StatRow("shop", "cart", 2, 2, 0.95, 10, 0.0025, 0.004, 0.0391, 3)], StatKind.Deployment);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("NAMESPACE  NAME  MESHED  SUCCESS   RPS  LATENCY_P50");
        lines[1].ShouldContain("95.00%");
        lines[1].ShouldContain("10.0");
        lines[1].ShouldContain("2.5ms");
        lines[1].ShouldContain("39ms");
        lines[0].Length.ShouldBe(lines[1].Length, "right-aligned numeric columns end together");
    }
}
