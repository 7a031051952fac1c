using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Datapath.Policy;
using Weft.Datapath.Testing;
using Weft.Policy.Inputs;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Datapath.Tests.Policy;

public sealed class PolicyDatapathTraceTests
{
    private static readonly ContainerPort[] Serve = [NamedPort("serve-80-tcp", 80), NamedPort("serve-81-tcp", 81), NamedPort("serve-80-udp", 80, Protocol.Udp)];

    private static PolicyInput Cluster(params Resource[] policies) => PolicyInput.FromResources(
        new Resource[]
        {
            Namespace("x", "ns=x"), Namespace("y", "ns=y"),
            Pod("x/a", "pod=a", "10.244.1.2", Serve), Pod("x/b", "pod=b", "10.244.1.3", Serve),
            Pod("y/a", "pod=a", "10.244.2.2", Serve), Pod("y/b", "pod=b", "10.244.2.3", Serve),
        }.Concat(policies));

    private static NetworkPolicy DenyIngress(string ns) => Np($"{ns}/deny", Sel(""), types: PolicyType.Ingress);

    [Fact]
    public async Task NoPolicies_AllowsEverything_WithEmptyMaps()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster());

        bed.Allows("x/a", "y/b", Protocol.Tcp, 80).ShouldBeTrue();
        bed.Allows("192.0.2.1", "x/a", Protocol.Udp, 9).ShouldBeTrue();
        bed.Plan!.Directions.ShouldAllBe(d => d.Profiles.IsEmpty && d.Default.Action == PolicyAction.Allow);
    }

    [Fact]
    public async Task DefaultDenyIngress_DropsNewConnections_AndLogsTheIsolatingPolicy()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(DenyIngress("y")));

        var outcome = bed.Trace("x/a", "y/b", Protocol.Tcp, 80);
        outcome.Verdict.ShouldBe(TraceVerdict.Drop);
        var rule = bed.Plan!.Rules.Values.Single(r => r.Action == "DefaultDeny");
        rule.Policy.ShouldBe("y/deny");
        outcome.Logs.ShouldBe([$"weft:D:{rule.Id}"]);
        bed.Allows("y/a", "x/b", Protocol.Tcp, 80).ShouldBeTrue();
    }

    [Fact]
    public async Task EstablishedConnection_PassesWithoutLookup_EvenWhenNewOnesAreDenied()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(DenyIngress("y")));

        bed.Trace("x/a", "y/b", Protocol.Tcp, 80, established: true).Verdict.ShouldBe(TraceVerdict.Accept);
    }

    [Fact]
    public async Task IngressFromNamespace_AllowsOnlyThatNamespace_OnTheGivenPort()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(Np("y/from-x", Sel(""), [Rule([NsPeer("ns=x")], [Port(80)])])));

        bed.Allows("x/a", "y/b", Protocol.Tcp, 80).ShouldBeTrue();
        bed.Allows("x/a", "y/b", Protocol.Tcp, 81).ShouldBeFalse();
        bed.Allows("x/a", "y/b", Protocol.Udp, 80).ShouldBeFalse();
        bed.Allows("y/a", "y/b", Protocol.Tcp, 80).ShouldBeFalse();
    }

    [Fact]
    public async Task IpBlockWithExcept_FromTheUnderlay_MatchesTheEngine()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(Np("x/ext", Sel("pod=a"), [Rule([IpPeer("192.0.2.0/24", "192.0.2.128/25")])])));

        bed.Allows("192.0.2.1", "x/a", Protocol.Tcp, 80).ShouldBeTrue();
        bed.Allows("192.0.2.200", "x/a", Protocol.Tcp, 80).ShouldBeFalse();
        bed.Allows("198.51.100.1", "x/a", Protocol.Tcp, 80).ShouldBeFalse();
        bed.Allows("198.51.100.1", "x/b", Protocol.Tcp, 80).ShouldBeTrue();
    }

    [Fact]
    public async Task NamedPortAndEndPort_AreEnforcedAsTheEngineResolvesThem()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(
            Np("x/named", Sel("pod=a"), [Rule(ports: [Port("serve-81-tcp")])]),
            Np("y/range", Sel("pod=a"), [Rule(ports: [Port(1000, Protocol.Udp, endPort: 2000)])])));

        bed.Allows("y/b", "x/a", Protocol.Tcp, 81).ShouldBeTrue();
        bed.Allows("y/b", "x/a", Protocol.Tcp, 80).ShouldBeFalse();
        bed.Allows("x/b", "y/a", Protocol.Udp, 999).ShouldBeFalse();
        bed.Allows("x/b", "y/a", Protocol.Udp, 1000).ShouldBeTrue();
        bed.Allows("x/b", "y/a", Protocol.Udp, 2000).ShouldBeTrue();
        bed.Allows("x/b", "y/a", Protocol.Udp, 2001).ShouldBeFalse();
    }

    [Fact]
    public async Task EgressToOnePod_IsCheckedWhereTrafficLeavesTheSourcePod()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(Np("x/egress", Sel("pod=a"), egress: [Rule([BothPeer("ns=y", "pod=b")])], types: PolicyType.Egress)));

        bed.Allows("x/a", "y/b", Protocol.Tcp, 80).ShouldBeTrue();
        bed.Allows("x/a", "y/a", Protocol.Tcp, 80).ShouldBeFalse();
        bed.Allows("x/a", "192.0.2.1", Protocol.Tcp, 443).ShouldBeFalse();
        bed.Allows("x/b", "192.0.2.1", Protocol.Tcp, 443).ShouldBeTrue();
    }

    [Fact]
    public async Task AdminDeny_OverridesNetworkPolicyAllow_AndLogsTheAdminRule()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(
            Np("y/allow-all", Sel(""), [Rule()]),
            Anp("block-x", 10, Namespaces("ns=y"), ingress: [AdminRule(AdminRuleAction.Deny, [Namespaces("ns=x")], name: "no-x")])));

        var outcome = bed.Trace("x/a", "y/a", Protocol.Tcp, 80);
        outcome.Verdict.ShouldBe(TraceVerdict.Drop);
        var rule = bed.Plan!.Rules.Values.Single(r => r.Policy == "block-x");
        (rule.RuleName, rule.Action).ShouldBe(("no-x", "Deny"));
        outcome.Logs.ShouldBe([$"weft:D:{rule.Id}"]);
    }

    [Fact]
    public async Task AuditAnnotation_AllowsWouldBeDrops_AndLogsThemAsAudit()
    {
        var audit = DenyIngress("y") with { Metadata = DenyIngress("y").Metadata with { Annotations = ImmutableSortedDictionary<string, string>.Empty.Add(PolicyDatapathInput.ModeAnnotation, "audit") } };
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(audit));

        var outcome = bed.Trace("x/a", "y/b", Protocol.Tcp, 80);
        outcome.Verdict.ShouldBe(TraceVerdict.Accept);
        var rule = bed.Plan!.Rules.Values.Single(r => r.Action == "DefaultDeny");
        outcome.Logs.ShouldBe([$"weft:A:{rule.Id}"]);
        bed.Trace("x/a", "x/b", Protocol.Tcp, 80).Logs.ShouldBeEmpty();
    }

    [Fact]
    public async Task ClusterWideAudit_DropsNothing_AndAuditsEveryWouldBeDrop()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(DenyIngress("y"), Anp("block-x", 10, Namespaces("ns=x"), egress: [AdminRule(AdminRuleAction.Deny, [Namespaces("ns=y")])])), clusterAudit: true);

        var outcome = bed.Trace("x/a", "y/b", Protocol.Tcp, 80);
        outcome.Verdict.ShouldBe(TraceVerdict.Accept);
        outcome.Logs.Length.ShouldBe(2);
        outcome.Logs.ShouldAllBe(l => l.StartsWith("weft:A:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnforcedDrop_WinsOverAudit()
    {
        var audit = Np("y/audit", Sel(""), [Rule([NsPeer("ns=y")])]) with { Metadata = new ObjectMeta { Name = "audit", Namespace = "y", Annotations = ImmutableSortedDictionary<string, string>.Empty.Add(PolicyDatapathInput.ModeAnnotation, "audit") } };
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(audit, Anp("block-x", 10, Namespaces("ns=y"), ingress: [AdminRule(AdminRuleAction.Deny, [Namespaces("ns=x")])])));

        var outcome = bed.Trace("x/a", "y/b", Protocol.Tcp, 80);
        outcome.Verdict.ShouldBe(TraceVerdict.Drop);
        outcome.Logs.Single().ShouldStartWith("weft:D:");
    }

    [Fact]
    public async Task PodMissingFromTheModel_FailsClosed()
    {
        var bed = new PolicyTestbed();
        var input = Cluster();
        var pods = PolicyTestbed.LocalPods(input).Add(new LocalPod("x/ghost", System.Net.IPAddress.Parse("10.244.1.99"), "vghost"));
        await bed.ApplyAsync(input, localPods: pods);

        bed.Plan!.FailedPods.Keys.ShouldBe(["x/ghost"]);
        var outcomes = new NftPacketTracer(bed.Nft, []).Trace(new TracePacket(System.Net.IPAddress.Parse("10.244.1.2"), System.Net.IPAddress.Parse("10.244.1.99"), Protocol.Tcp, 80)
        {
            InInterface = PolicyTestbed.Veth("x/a"),
            OutInterface = "vghost",
        });
        outcomes.Single().Verdict.ShouldBe(TraceVerdict.Drop);
        outcomes.Single().Logs.ShouldBe(["weft:D:0"]);
    }
}
