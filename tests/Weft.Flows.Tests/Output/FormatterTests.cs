using System.Net;
using System.Text.Json;
using Weft.Flows.Output;
using Weft.Flows.Query;

namespace Weft.Flows.Tests.Output;

public sealed class FormatterTests
{
    private static readonly FlowRecord Forwarded = Flows.Flow(
        Flows.Pod("x", "a", "10.244.0.2", 43210, identity: 12), Flows.Pod("y", "b", "10.244.0.3", 80, identity: 7));

    private static readonly PolicyRuleRef DenyAll = new()
    {
        Tier = PolicyTier.NetworkPolicy, PolicyKey = "y/deny-all", Direction = FlowDirection.Ingress, RuleIndex = 0, Action = RuleAction.Deny,
    };

    private readonly CompactFlowFormatter _compact = new();

    [Fact]
    public void Compact_ForwardedFlow_PrintsHubbleStyleLine() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded))
            .ShouldBe("Nov 21 06:30:01.123 x/a:43210 (id 12) -> y/b:80 (id 7) tcp FORWARDED");

    [Fact]
    public void Compact_DroppedFlow_NamesTheRule() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded with { Verdict = FlowVerdict.Dropped, Rule = DenyAll }))
            .ShouldBe("Nov 21 06:30:01.123 x/a:43210 (id 12) -> y/b:80 (id 7) tcp DROPPED by NetworkPolicy y/deny-all ingress rule 0");

    [Fact]
    public void Compact_AuditFlow_SaysWouldBeDropped() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded with { Verdict = FlowVerdict.Audit, Rule = DenyAll }))
            .ShouldEndWith("tcp AUDIT would be dropped by NetworkPolicy y/deny-all ingress rule 0");

    [Fact]
    public void Compact_IsolationDrop_SaysNoRuleAllows() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded with
        {
            Verdict = FlowVerdict.Dropped,
            Rule = DenyAll with { RuleIndex = null, Action = RuleAction.DefaultDeny },
        })).ShouldEndWith("DROPPED by NetworkPolicy y/deny-all ingress (isolated, no rule allows)");

    [Fact]
    public void Compact_AdminRuleWithName_QuotesTheName() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded with
        {
            Verdict = FlowVerdict.Dropped,
            Rule = new PolicyRuleRef
            {
                Tier = PolicyTier.AdminNetworkPolicy, PolicyKey = "deny-z", Direction = FlowDirection.Egress, RuleIndex = 2, RuleName = "no-z", Action = RuleAction.Deny,
            },
        })).ShouldEndWith("DROPPED by AdminNetworkPolicy deny-z egress rule 2 \"no-z\"");

    [Fact]
    public void Compact_ExternalIpv6AndService_ShowsBracketedAddressAndServiceName()
    {
        var flow = Flows.Flow(FlowEndpoint.FromAddress(IPAddress.Parse("2001:db8::1"), 5353), Flows.Pod("y", "b", "10.244.0.3", 8080)) with
        {
            Protocol = IpProtocol.Udp,
            Service = new ServiceTranslation
            {
                ServiceName = "y/web", FrontendAddress = IPAddress.Parse("10.96.0.5"), FrontendPort = 80,
                BackendAddress = IPAddress.Parse("10.244.0.3"), BackendPort = 8080,
            },
        };
        _compact.Format(FlowStreamItem.ForFlow(flow))
            .ShouldBe("Nov 21 06:30:01.123 [2001:db8::1]:5353 -> y/b:8080 svc y/web udp FORWARDED");
    }

    [Fact]
    public void Compact_ConnectionEnd_ShowsCounters() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded with { Type = FlowEventType.ConnectionEnd, Counters = new FlowCounters(6, 600, 4, 1200) }))
            .ShouldEndWith("tcp FORWARDED closed (10 packets, 1800 bytes)");

    [Fact]
    public void Compact_TcpFlags_AreNamed() =>
        _compact.Format(FlowStreamItem.ForFlow(Forwarded with { TcpFlags = 0x12 })).ShouldEndWith("(TCP Flags: SYN, ACK)");

    [Fact]
    public void Compact_LostNotice_IsShown() =>
        _compact.Format(FlowStreamItem.Lost("n1", 42)).ShouldBe("EVENTS LOST: 42 flows overwritten in the flow ring of node n1");

    [Fact]
    public void Json_DroppedFlow_HasStableFields()
    {
        var line = new JsonFlowFormatter().Format(FlowStreamItem.ForFlow(Forwarded with { Verdict = FlowVerdict.Dropped, Rule = DenyAll }));
        line.ShouldNotContain("\n");
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        root.GetProperty("time").GetString().ShouldBe("2026-11-21T06:30:01.1230000Z");
        root.GetProperty("verdict").GetString().ShouldBe("DROPPED");
        root.GetProperty("protocol").GetString().ShouldBe("TCP");
        root.GetProperty("source").GetProperty("namespace").GetString().ShouldBe("x");
        root.GetProperty("source").GetProperty("pod").GetString().ShouldBe("a");
        root.GetProperty("source").GetProperty("identity").GetInt32().ShouldBe(12);
        root.GetProperty("destination").GetProperty("port").GetInt32().ShouldBe(80);
        root.GetProperty("rule").GetProperty("policy").GetString().ShouldBe("y/deny-all");
        root.GetProperty("rule").GetProperty("index").GetInt32().ShouldBe(0);
        root.GetProperty("rule").GetProperty("text").GetString().ShouldBe("NetworkPolicy y/deny-all ingress rule 0");
    }

    [Fact]
    public void Json_LostNotice_IsAnObjectWithCount()
    {
        using var doc = JsonDocument.Parse(new JsonFlowFormatter().Format(FlowStreamItem.Lost("n1", 3)));
        doc.RootElement.GetProperty("lost").GetProperty("count").GetInt64().ShouldBe(3);
    }
}
