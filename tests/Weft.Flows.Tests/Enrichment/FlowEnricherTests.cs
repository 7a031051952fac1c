using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Weft.Flows.Enrichment;

namespace Weft.Flows.Tests.Enrichment;

public sealed class FlowEnricherTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.244.1.2");
    private static readonly IPAddress B = IPAddress.Parse("10.244.2.3");
    private static readonly IPAddress Vip = IPAddress.Parse("10.96.0.20");
    private static readonly IPAddress Outside = IPAddress.Parse("192.0.2.9");

    private static readonly PolicyRuleRef DenyAll = new()
    {
        Tier = PolicyTier.NetworkPolicy, PolicyKey = "y/deny-all", Direction = FlowDirection.Ingress, RuleIndex = 0, Action = RuleAction.Deny,
    };

    private static readonly FlowLookupSnapshot Lookup = new(
        [Flows.Pod("x", "a", A.ToString(), identity: 12, node: "n1"), Flows.Pod("y", "b", B.ToString(), identity: 7, node: "n2")],
        [new(7, DenyAll)],
        [new ServiceFrontend(Vip, 80, IpProtocol.Tcp, "y/web")]);

    private readonly ManualTimeProvider _time = new(Flows.T0);

    [Fact]
    public void EnrichConnection_NewBetweenPods_NamesBothPodsAndIsEgressOnSourceNode()
    {
        var flow = new FlowEnricher("n1", _time).Enrich(
            new ConnectionEvent { Kind = ConnectionEventKind.New, Original = new(A, B, IpProtocol.Tcp, 43210, 80), Reply = new(B, A, IpProtocol.Tcp, 80, 43210) },
            Lookup);

        flow.Source.DisplayName.ShouldBe("x/a");
        flow.Source.Port.ShouldBe(43210);
        flow.Source.IdentityId.ShouldBe(12);
        flow.Destination.DisplayName.ShouldBe("y/b");
        flow.Destination.Port.ShouldBe(80);
        flow.Direction.ShouldBe(FlowDirection.Egress);
        flow.Verdict.ShouldBe(FlowVerdict.Forwarded);
        flow.Type.ShouldBe(FlowEventType.ConnectionStart);
        flow.Service.ShouldBeNull();
        flow.Time.ShouldBe(Flows.T0);
    }

    [Fact]
    public void EnrichConnection_OnDestinationNode_IsIngress()
    {
        var flow = new FlowEnricher("n2", _time).Enrich(
            new ConnectionEvent { Kind = ConnectionEventKind.New, Original = new(A, B, IpProtocol.Tcp, 1, 80) }, Lookup);
        flow.Direction.ShouldBe(FlowDirection.Ingress);
    }

    [Fact]
    public void EnrichConnection_ReplyFromOtherAddress_IsServiceTrafficToTheBackend()
    {
        var flow = new FlowEnricher("n1", _time).Enrich(
            new ConnectionEvent
            {
                Kind = ConnectionEventKind.New,
                Original = new(A, Vip, IpProtocol.Tcp, 40000, 80),
                Reply = new(B, A, IpProtocol.Tcp, 8080, 40000),
            },
            Lookup);

        flow.Destination.DisplayName.ShouldBe("y/b");
        flow.Destination.Port.ShouldBe(8080);
        flow.Service.ShouldNotBeNull();
        flow.Service.ServiceName.ShouldBe("y/web");
        flow.Service.FrontendAddress.ShouldBe(Vip);
        flow.Service.FrontendPort.ShouldBe(80);
        flow.Service.BackendAddress.ShouldBe(B);
        flow.Service.BackendPort.ShouldBe(8080);
    }

    [Fact]
    public void EnrichConnection_Destroy_CarriesCountersAndKernelStopTime()
    {
        var stop = Flows.T0.AddMinutes(1);
        var flow = new FlowEnricher("n1", _time).Enrich(
            new ConnectionEvent
            {
                Kind = ConnectionEventKind.Destroy,
                Original = new(A, B, IpProtocol.Udp, 5000, 53),
                Counters = new FlowCounters(3, 180, 3, 300),
                Stop = stop,
            },
            Lookup);

        flow.Type.ShouldBe(FlowEventType.ConnectionEnd);
        flow.Counters.ShouldBe(new FlowCounters(3, 180, 3, 300));
        flow.Time.ShouldBe(stop);
    }

    [Fact]
    public void EnrichConnection_UnknownAddress_KeepsTheBareIp()
    {
        var flow = new FlowEnricher("n1", _time).Enrich(
            new ConnectionEvent { Kind = ConnectionEventKind.New, Original = new(A, Outside, IpProtocol.Tcp, 1, 443) }, Lookup);
        flow.Destination.IsPod.ShouldBeFalse();
        flow.Destination.DisplayName.ShouldBe("192.0.2.9");
    }

    [Fact]
    public void EnrichConnection_MarkNamesARule_AttachesTheAllowingRule()
    {
        var flow = new FlowEnricher("n1", _time).Enrich(
            new ConnectionEvent { Kind = ConnectionEventKind.New, Original = new(A, B, IpProtocol.Tcp, 1, 80), Mark = 7 }, Lookup);
        flow.Rule.ShouldBe(DenyAll);
    }

    [Fact]
    public void EnrichPacket_DropPrefix_IsDroppedWithTheRuleFromTheSnapshot()
    {
        var flow = new FlowEnricher("n2", _time).Enrich(
            new PacketLogEvent { Prefix = "weft:D:7", Packet = new(A, B, IpProtocol.Tcp, 43210, 80), TcpFlags = 0x02 }, Lookup);

        flow.ShouldNotBeNull();
        flow.Verdict.ShouldBe(FlowVerdict.Dropped);
        flow.Rule.ShouldBe(DenyAll);
        flow.Direction.ShouldBe(FlowDirection.Ingress);
        flow.Type.ShouldBe(FlowEventType.PolicyVerdict);
        flow.TcpFlags.ShouldBe((byte)0x02);
    }

    [Fact]
    public void EnrichPacket_AuditPrefix_IsAudit()
    {
        var flow = new FlowEnricher("n2", _time).Enrich(
            new PacketLogEvent { Prefix = "weft:A:7", Packet = new(A, B, IpProtocol.Udp, 5000, 53) }, Lookup);
        flow!.Verdict.ShouldBe(FlowVerdict.Audit);
    }

    [Fact]
    public void EnrichPacket_UnknownRuleId_KeepsVerdictWithoutRule()
    {
        var flow = new FlowEnricher("n2", _time).Enrich(
            new PacketLogEvent { Prefix = "weft:D:99", Packet = new(A, B, IpProtocol.Tcp, 1, 80) }, Lookup);
        flow!.Verdict.ShouldBe(FlowVerdict.Dropped);
        flow.Rule.ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("other:D:7")]
    [InlineData("weft:X:7")]
    [InlineData("weft:D:")]
    [InlineData("weft:D:7x")]
    [InlineData("weft:D:99999999999")]
    public void EnrichPacket_ForeignPrefix_IsIgnored(string prefix)
    {
        new FlowEnricher("n1", _time).Enrich(
            new PacketLogEvent { Prefix = prefix, Packet = new(A, B, IpProtocol.Tcp, 1, 80) }, Lookup).ShouldBeNull();
    }

    [Fact]
    public void NflogPrefix_FormatThenParse_RoundTrips()
    {
        Prop.ForAll<uint, bool>((ruleId, audit) =>
        {
            var verdict = audit ? FlowVerdict.Audit : FlowVerdict.Dropped;
            var text = NflogPrefix.Format(verdict, ruleId);
            return text.Length <= 127 && NflogPrefix.TryParse(text + "\0", out var v, out var id) && v == verdict && id == ruleId;
        }).QuickCheckThrowOnFailure();
    }
}
