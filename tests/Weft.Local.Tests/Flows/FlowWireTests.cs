using System.Collections.Immutable;
using System.Net;
using Weft.Flows;
using Weft.Flows.Output;
using Weft.Flows.Query;
using Weft.Local.Daemon;

namespace Weft.Local.Tests.Flows;

/// <summary>The daemon's flow API wire format: queries and flow lines survive the trip unchanged.</summary>
public sealed class FlowWireTests
{
    [Fact]
    public void QueryString_EveryFilterField_RoundTrips()
    {
        var query = new FlowQuery
        {
            Filter = new FlowFilter
            {
                FromPod = new PodRef("x", "a"),
                ToPod = new PodRef("y", "b-1"),
                Namespace = "x",
                Verdict = FlowVerdict.Audit,
                Port = 8080,
                Protocol = IpProtocol.Udp,
                Since = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123),
            },
            Last = 5,
            Follow = true,
        };

        var back = FlowWire.FromQuery(Parameters(FlowWire.ToQueryString(query)), out var error);

        error.ShouldBeNull();
        back.ShouldBe(query);
    }

    [Fact]
    public void QueryString_Empty_IsEveryFlowWithoutFollow()
    {
        FlowWire.ToQueryString(new FlowQuery()).ShouldBe("");
        FlowWire.FromQuery(_ => null, out _).ShouldBe(new FlowQuery());
    }

    [Theory]
    [InlineData("port", "http")]
    [InlineData("last", "-1")]
    [InlineData("verdict", "MAYBE")]
    [InlineData("from", "no-slash")]
    public void FromQuery_MalformedParameter_IsAnErrorNamingIt(string name, string value)
    {
        FlowWire.FromQuery(n => n == name ? value : null, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldStartWith(name);
    }

    [Fact]
    public void Line_FlowWithServiceRuleAndCounters_ParsesBackToTheSameFlow()
    {
        var flow = new FlowRecord
        {
            Time = DateTimeOffset.Parse("2026-11-21T06:30:01.123Z", System.Globalization.CultureInfo.InvariantCulture),
            Node = "node-1",
            Source = new FlowEndpoint
            {
                Address = IPAddress.Parse("10.244.0.2"), Port = 43210, Namespace = "x", PodName = "a", Node = "node-1", IdentityId = 12,
                Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", "a")]),
            },
            Destination = new FlowEndpoint { Address = IPAddress.Parse("fd00::5"), Port = 80 },
            Protocol = IpProtocol.Tcp,
            Direction = FlowDirection.Egress,
            Verdict = FlowVerdict.Dropped,
            Type = FlowEventType.ConnectionEnd,
            Rule = new PolicyRuleRef { Tier = PolicyTier.NetworkPolicy, PolicyKey = "x/deny", Direction = FlowDirection.Ingress, RuleIndex = 1, Action = RuleAction.Deny },
            Service = new ServiceTranslation
            {
                ServiceName = "x/web", FrontendAddress = IPAddress.Parse("10.96.0.2"), FrontendPort = 80, BackendAddress = IPAddress.Parse("fd00::5"), BackendPort = 80,
            },
            Counters = new FlowCounters(10, 1000, 8, 800),
            TcpFlags = 0x12,
        };

        var back = FlowWire.Parse(FlowWire.Line(FlowStreamItem.ForFlow(flow))).ShouldNotBeNull();

        var json = new JsonFlowFormatter();
        json.Format(back).ShouldBe(json.Format(FlowStreamItem.ForFlow(flow)));
        back.Flow!.Source.Labels["app"].ShouldBe("a");
        back.Flow.Time.ShouldBe(flow.Time);
    }

    [Fact]
    public void Line_LostNotice_ParsesBackAsLost()
    {
        var back = FlowWire.Parse(FlowWire.Line(FlowStreamItem.Lost("node-2", 42))).ShouldNotBeNull();

        (back.Flow, back.Node, back.LostFlows).ShouldBe((null, "node-2", 42L));
    }

    private static Func<string, string?> Parameters(string queryString)
    {
        var pairs = queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        return name => pairs.GetValueOrDefault(name);
    }
}
