using Weft.Mesh.Stats;

namespace Weft.Mesh.Tests.Stats;

public sealed class MetricsTextTests
{
    [Fact]
    public void Parse_ExpositionText_ReadsNamesUnescapedLabelsAndValuesAndSkipsComments()
    {
        var samples = MetricsText.Parse("""
            # HELP request_total Requests.
            # TYPE request_total counter
            request_total{direction="inbound",authority="a\"b\\c",src_id=""} 12
            response_latency_seconds_bucket{le="+Inf"} 3 1700000000000
            tcp_open_total 4
            broken{direction="inbound" 5
            """);

        samples.Count.ShouldBe(3);
        samples[0].Name.ShouldBe("request_total");
        samples[0].Label("authority").ShouldBe("a\"b\\c");
        samples[0].Label("src_id").ShouldBe("");
        samples[0].Value.ShouldBe(12);
        samples[1].Label("le").ShouldBe("+Inf");
        samples[1].Value.ShouldBe(3);
        samples[2].Labels.ShouldBeEmpty();
        samples[2].Label("missing").ShouldBe("");
    }

    [Fact]
    public void Parse_ProxyMetrics_ReadsEveryLineTheProxyWrites()
    {
        var metrics = new Weft.Mesh.Metrics.ProxyMetrics().Record(Scrapes.Inbound(Scrapes.Frontend, Scrapes.Cart), 2);
        var text = metrics.ToPrometheusText();

        var samples = MetricsText.Parse(text);

        samples.Count.ShouldBe(text.Split('\n').Count(l => l.Length > 0 && l[0] != '#'));
        samples.Single(s => s.Name == "request_total").Label("src_id").ShouldBe(Scrapes.Frontend);
    }
}
