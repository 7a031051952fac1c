using Weft.Mesh.Metrics;
using Weft.Mesh.Stats;
using static Weft.Mesh.Tests.Stats.Scrapes;

namespace Weft.Mesh.Tests.Stats;

public sealed class TopPathsTests
{
    [Fact]
    public void Compute_MeshedClientUnmeshedClientAndPlainDestination_CountsEachRequestOnceBusiestFirst()
    {
        var frontend = new ProxyMetrics();
        var cart = new ProxyMetrics();
        PodScrape[] Pods() =>
        [
            Pod("shop", "frontend-5d-x", "frontend", frontend, Frontend),
            Pod("shop", "cart-6c-y", "cart", cart, Cart),
            Pod("data", "postgres", "postgres", null),
        ];
        var before = Round(0, Pods());
        // frontend → cart through both proxies: the client's outbound and the server's inbound both count it.
        frontend.Record(Outbound(Frontend, Cart, "cart.shop:8080"), 20);
        cart.Record(Inbound(Frontend, Cart), 20);
        // frontend → a plain destination: no identity.
        frontend.Record(Outbound(Frontend, "", "10.96.0.40:5432"), 6, status: 503);
        // an unmeshed client → cart: only cart's inbound proxy sees it.
        cart.Record(Inbound("", Cart), 4);
        var after = Round(2, Pods());

        var rows = TopPaths.Compute(before, after);

        rows.Select(r => (r.Source, r.Destination, r.Authority, r.Rps)).ShouldBe(
        [
            ("shop/frontend", "shop/cart", "cart.shop:8080", 10.0),
            ("shop/frontend", TopPaths.Unmeshed, "10.96.0.40:5432", 3.0),
            (TopPaths.Unmeshed, "shop/cart", "cart.shop:8080", 2.0),
        ]);
        rows[0].SuccessRate.ShouldBe(1);
        rows[1].SuccessRate.ShouldBe(0);
        rows[0].LatencyP50!.Value.ShouldBeInRange(0.002, 0.003);
        StatTable.Format(rows).ShouldContain("shop/frontend  (unmeshed)");
    }

    [Fact]
    public void Compute_IdentitySharedByTwoWorkloads_NamesTheServiceAccount()
    {
        var client = new ProxyMetrics();
        PodScrape[] Pods() =>
        [
            Pod("shop", "client", "client", client, Frontend),
            Pod("shop", "cart-a", "cart", new ProxyMetrics(), Cart),
            Pod("shop", "cart-canary", "cart-canary", new ProxyMetrics(), Cart),
        ];
        var before = Round(0, Pods());
        client.Record(Outbound(Frontend, Cart, "cart:80"), 2);

        var row = TopPaths.Compute(before, Round(1, Pods())).ShouldHaveSingleItem();

        row.Destination.ShouldBe("shop/sa:cart");
    }

    [Fact]
    public void Compute_NamespaceFilterAndMax_KeepPathsTouchingTheNamespaceUpToMax()
    {
        var a = new ProxyMetrics();
        var b = new ProxyMetrics();
        PodScrape[] Pods() => [Pod("shop", "frontend", "frontend", a, Frontend), Pod("ops", "pinger", "pinger", b, "spiffe://cluster.local/ns/ops/sa/pinger")];
        var before = Round(0, Pods());
        a.Record(Outbound(Frontend, Cart, "cart:80"), 4).Record(Outbound(Frontend, "", "example:80"), 2);
        b.Record(Outbound("spiffe://cluster.local/ns/ops/sa/pinger", "", "example:80"), 8);
        var after = Round(1, Pods());

        TopPaths.Compute(before, after, ns: "shop").Select(r => r.Source).ShouldAllBe(s => s == "shop/frontend");
        TopPaths.Compute(before, after, max: 1).ShouldHaveSingleItem().Source.ShouldBe("ops/pinger");
    }

    [Fact]
    public void Compute_NoTraffic_GivesNoPaths()
    {
        var m = new ProxyMetrics().Record(Outbound(Frontend, Cart, "cart:80"), 5);
        var round = Round(0, Pod("shop", "frontend", "frontend", m, Frontend));

        TopPaths.Compute(round, round with { At = round.At.AddSeconds(2) }).ShouldBeEmpty();
    }
}
