using Weft.Api.Resources;
using Weft.Policy.Evaluation;
using Weft.Policy.Tests.Support;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Policy.Tests.Evaluation;

/// <summary>One test per rule of AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1).</summary>
public sealed class AdminNetworkPolicySemanticsTests
{
    private static Cluster Shop() => new Cluster().Add(
        Namespace("web", "tier=web"),
        Namespace("db", "tier=data"),
        Namespace("mon", "tier=monitoring"),
        Pod("web/front", "app=front", "10.0.0.1", NamedPort("http", 8080), NamedPort("dns", 53, Protocol.Udp)),
        Pod("web/cart", "app=cart", "10.0.0.2"),
        Pod("db/pg", "app=pg", "10.0.1.1", NamedPort("sql", 5432)),
        Pod("mon/prom", "app=prom", "10.0.2.1"));

    private static readonly AdminRuleAction Allow = AdminRuleAction.Allow;
    private static readonly AdminRuleAction Deny = AdminRuleAction.Deny;
    private static readonly AdminRuleAction Pass = AdminRuleAction.Pass;

    [Fact]
    public void Evaluate_AnpAllow_OverridesNetworkPolicyDeny()
    {
        var cluster = Shop().Add(
            Np("db/deny", Sel("")),
            Anp("monitoring", 10, Namespaces(""), ingress: [AdminRule(Allow, [Namespaces("tier=monitoring")])]));
        cluster.Allowed("mon/prom", "db/pg").ShouldBeTrue();
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Check("mon/prom", "db/pg").Ingress!.DecidedBy.ShouldBe(PolicyTier.AdminNetworkPolicy);
    }

    [Fact]
    public void Evaluate_AnpDeny_OverridesNetworkPolicyAllow()
    {
        var cluster = Shop().Add(
            Np("db/allow-all", Sel(""), ingress: [Rule()]),
            Anp("protect-db", 20, Namespaces("tier=data"), ingress: [AdminRule(Deny, [Namespaces("tier=web")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Allowed("mon/prom", "db/pg").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpPass_DefersToNetworkPolicy()
    {
        var cluster = Shop().Add(
            Anp("pass-web", 5, Namespaces("tier=data"), ingress: [AdminRule(Pass, [Namespaces("tier=web")])]),
            Anp("deny-all", 50, Namespaces("tier=data"), ingress: [AdminRule(Deny, [Namespaces("")])]),
            Np("db/from-front", Sel(""), ingress: [Rule([BothPeer("tier=web", "app=front")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeTrue();
        cluster.Allowed("web/cart", "db/pg").ShouldBeFalse();
        var ingress = cluster.Check("web/front", "db/pg").Ingress!;
        ingress.DecidedBy.ShouldBe(PolicyTier.NetworkPolicy);
        ingress.Reason.ShouldContain("passes to NetworkPolicy");
    }

    [Fact]
    public void Evaluate_AnpPass_SkipsLowerPriorityAnpsAndFallsToBaseline()
    {
        var cluster = Shop().Add(
            Anp("pass", 1, Namespaces(""), ingress: [AdminRule(Pass, [Namespaces("")])]),
            Anp("deny", 2, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")])]),
            Banp(Namespaces("tier=data"), ingress: [AdminRule(Deny, [Namespaces("tier=web")])]));
        cluster.Allowed("mon/prom", "web/front").ShouldBeTrue();
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Check("web/front", "db/pg").Ingress!.DecidedBy.ShouldBe(PolicyTier.BaselineAdminNetworkPolicy);
    }

    [Fact]
    public void Evaluate_AnpPriority_LowerNumberDecidesFirst()
    {
        var cluster = Shop().Add(
            Anp("a-deny", 30, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")])]),
            Anp("z-allow", 10, Namespaces(""), ingress: [AdminRule(Allow, [Namespaces("tier=web")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeTrue();
        cluster.Allowed("mon/prom", "db/pg").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_AnpSamePriority_OrderedByNameDeterministically()
    {
        var cluster = Shop().Add(
            Anp("b-deny", 10, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")])]),
            Anp("a-allow", 10, Namespaces(""), ingress: [AdminRule(Allow, [Namespaces("")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeTrue();
        cluster.Check("web/front", "db/pg").Ingress!.Match!.Policy.ShouldBe("a-allow");
    }

    [Fact]
    public void Evaluate_AnpRules_FirstMatchingRuleInOrderDecides()
    {
        var cluster = Shop().Add(Anp("ordered", 10, Namespaces("tier=data"), ingress:
        [
            AdminRule(Deny, [Namespaces("tier=web")], ports: [AdminPortNumber(5432)], name: "deny-sql"),
            AdminRule(Allow, [Namespaces("")], name: "allow-rest"),
        ]));
        cluster.Allowed("web/front", "db/pg", 5432).ShouldBeFalse();
        cluster.Allowed("web/front", "db/pg", 80).ShouldBeTrue();
        cluster.Check("web/front", "db/pg", 80).Ingress!.Match!.RuleName.ShouldBe("allow-rest");
    }

    [Fact]
    public void Evaluate_AnpNotSelectingPod_HasNoEffect()
    {
        var cluster = Shop().Add(Anp("deny-db", 10, Namespaces("tier=data"), ingress: [AdminRule(Deny, [Namespaces("")])]));
        cluster.Allowed("db/pg", "web/front").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpPodsSubject_RequiresNamespaceAndPodLabelsToMatch()
    {
        var cluster = Shop().Add(Anp("front-only", 10, Pods("tier=web", "app=front"), ingress: [AdminRule(Deny, [Namespaces("")])]));
        cluster.Allowed("mon/prom", "web/front").ShouldBeFalse();
        cluster.Allowed("mon/prom", "web/cart").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpPodsPeer_RequiresNamespaceAndPodLabelsToMatch()
    {
        var cluster = Shop().Add(Anp("front-to-db", 10, Namespaces("tier=data"), ingress: [AdminRule(Deny, [Pods("tier=web", "app=front")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Allowed("web/cart", "db/pg").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpEgressRule_AppliesAtSourceSubject()
    {
        var cluster = Shop().Add(Anp("web-egress", 10, Namespaces("tier=web"), egress: [AdminRule(Deny, [Namespaces("tier=data")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Allowed("mon/prom", "db/pg").ShouldBeTrue();
        cluster.Check("web/front", "db/pg").Egress!.DecidedBy.ShouldBe(PolicyTier.AdminNetworkPolicy);
    }

    [Fact]
    public void Evaluate_AnpNamedPort_MatchesDestinationPortOfThatNameInAnyProtocol()
    {
        var cluster = Shop().Add(Anp("named", 10, Namespaces("tier=web"), ingress:
        [
            AdminRule(Deny, [Namespaces("")], ports: [AdminNamedPort("dns")]),
            AdminRule(Deny, [Namespaces("")], ports: [AdminNamedPort("http")]),
        ]));
        cluster.Allowed("mon/prom", "web/front", 53, Protocol.Udp).ShouldBeFalse();
        cluster.Allowed("mon/prom", "web/front", 53, Protocol.Tcp).ShouldBeTrue();
        cluster.Allowed("mon/prom", "web/front", 8080).ShouldBeFalse();
        cluster.Allowed("mon/prom", "web/cart", 8080).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpPortRange_MatchesInclusiveRangeOfItsProtocol()
    {
        var cluster = Shop().Add(Anp("range", 10, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")], ports: [AdminPortRange(1000, 2000)])]));
        cluster.Allowed("web/front", "db/pg", 999).ShouldBeTrue();
        cluster.Allowed("web/front", "db/pg", 1000).ShouldBeFalse();
        cluster.Allowed("web/front", "db/pg", 2000).ShouldBeFalse();
        cluster.Allowed("web/front", "db/pg", 2001).ShouldBeTrue();
        cluster.Allowed("web/front", "db/pg", 1500, Protocol.Udp).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpEgressNetworks_MatchExternalAndPodAddresses()
    {
        var cluster = Shop().Add(Anp("no-internet", 10, Namespaces("tier=web"), egress: [AdminRule(Deny, networks: ["0.0.0.0/0"])]));
        cluster.Allowed("web/front", "8.8.8.8").ShouldBeFalse();
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Allowed("mon/prom", "8.8.8.8").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_AnpNamespacePeer_NeverMatchesExternalAddress()
    {
        var cluster = Shop().Add(Anp("deny-ns", 10, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")])]));
        cluster.Allowed("203.0.113.5", "web/front").ShouldBeTrue();
        cluster.Allowed("mon/prom", "web/front").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_Banp_DecidesWhenNoNetworkPolicyIsolatesThePod()
    {
        var cluster = Shop().Add(Banp(Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("tier=web")])]));
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Allowed("mon/prom", "db/pg").ShouldBeTrue();
        cluster.Check("mon/prom", "db/pg").Ingress!.DecidedBy.ShouldBe(PolicyTier.Default);
    }

    [Fact]
    public void Evaluate_Banp_IsIgnoredWhenNetworkPolicyIsolatesThePod()
    {
        var cluster = Shop().Add(
            Banp(Namespaces(""), ingress: [AdminRule(Allow, [Namespaces("")])]),
            Np("db/deny", Sel("")));
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Check("web/front", "db/pg").Ingress!.DecidedBy.ShouldBe(PolicyTier.NetworkPolicy);
    }

    [Fact]
    public void Evaluate_BanpRules_FirstMatchingRuleInOrderDecides()
    {
        var cluster = Shop().Add(Banp(Namespaces(""), ingress:
        [
            AdminRule(Allow, [Namespaces("tier=monitoring")], name: "monitoring"),
            AdminRule(Deny, [Namespaces("")], name: "everyone-else"),
        ]));
        cluster.Allowed("mon/prom", "db/pg").ShouldBeTrue();
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Check("web/front", "db/pg").Ingress!.Match!.RuleName.ShouldBe("everyone-else");
    }

    [Fact]
    public void Evaluate_AnpAllowAtIngress_DoesNotOverrideEgressDenyAtSource()
    {
        var cluster = Shop().Add(
            Anp("allow-db", 10, Namespaces("tier=data"), ingress: [AdminRule(Allow, [Namespaces("")])]),
            Np("web/deny-egress", Sel(""), egress: [], types: [PolicyType.Egress]));
        cluster.Allowed("web/front", "db/pg").ShouldBeFalse();
        cluster.Allowed("mon/prom", "db/pg").ShouldBeTrue();
    }
}
