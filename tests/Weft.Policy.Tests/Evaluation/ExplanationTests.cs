using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;
using Weft.Policy.Tests.Support;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Policy.Tests.Evaluation;

public sealed class ExplanationTests
{
    private static Cluster Base() => new Cluster().Add(
        Namespace("x", "team=red"),
        Pod("x/a", "app=a", "10.0.0.1"),
        Pod("x/b", "app=b", "10.0.0.2", NamedPort("http", 8080)));

    [Fact]
    public void Check_NetworkPolicyAllow_NamesPolicyRulePeerAndPort()
    {
        var cluster = Base().Add(Np("x/web", Sel("app=b"), ingress: [Rule(), Rule([PodPeer("app=z"), PodPeer("app=a")], [Port(9), Port("http")])]));
        cluster.Add(Np("x/other", Sel("app=b"), ingress: [Rule([PodPeer("app=z")])]));
        var ingress = cluster.Check("x/a", "x/b", 8080).Ingress!;
        ingress.Isolated.ShouldBeTrue();
        ingress.NetworkPolicies.ShouldBe(["x/other", "x/web"]);
        // The first policy (by key) that allows: x/web's rule 0 (no peers, no ports) matches everything.
        var match = ingress.Match.ShouldNotBeNull();
        (match.Policy, match.RuleIndex, match.PeerIndex, match.PortIndex, match.Peer, match.Port).ShouldBe(("x/web", 0, -1, -1, "all peers", "all ports"));
    }

    [Fact]
    public void Check_NetworkPolicyAllow_ReportsFirstMatchingPeerAndPortIndex()
    {
        var cluster = Base().Add(Np("x/web", Sel("app=b"), ingress: [Rule([PodPeer("app=z"), PodPeer("app=a")], [Port(9), Port("http")])]));
        var match = cluster.Check("x/a", "x/b", 8080).Ingress!.Match!;
        match.Tier.ShouldBe(PolicyTier.NetworkPolicy);
        match.RuleIndex.ShouldBe(0);
        match.PeerIndex.ShouldBe(1);
        match.PortIndex.ShouldBe(1);
        match.Peer.ShouldBe("podSelector app=a");
        match.Port.ShouldBe("TCP/http");
    }

    [Fact]
    public void Check_IsolatedWithoutMatch_ListsSelectingPoliciesAndNoRule()
    {
        var cluster = Base().Add(Np("x/deny", Sel("")));
        var ingress = cluster.Check("x/a", "x/b").Ingress!;
        ingress.Allowed.ShouldBeFalse();
        ingress.DecidedBy.ShouldBe(PolicyTier.NetworkPolicy);
        ingress.Match.ShouldBeNull();
        ingress.NetworkPolicies.ShouldBe(["x/deny"]);
        ingress.Reason.ShouldContain("x/deny");
    }

    [Fact]
    public void Check_AnpDecision_NamesPolicyPriorityRuleAndAction()
    {
        var cluster = Base().Add(Anp("guard", 7, Namespaces(""), ingress: [AdminRule(AdminRuleAction.Deny, [Namespaces("team=red")], name: "no-red")]));
        var verdict = cluster.Check("x/a", "x/b");
        var match = verdict.Ingress!.Match!;
        (match.Policy, match.Priority, match.RuleName, match.Action, match.RuleIndex).ShouldBe(("guard", (int?)7, "no-red", "Deny", 0));
        verdict.Ingress.AdminNetworkPolicies.ShouldBe(["guard"]);
        verdict.Egress!.AdminNetworkPolicies.ShouldBe(["guard"]);
        verdict.Egress.DecidedBy.ShouldBe(PolicyTier.Default);
    }

    [Fact]
    public void Check_NoPolicy_SaysAllowedByDefault()
    {
        var verdict = Base().Check("x/a", "x/b");
        verdict.Allowed.ShouldBeTrue();
        verdict.Egress!.Isolated.ShouldBeFalse();
        verdict.Ingress!.Reason.ShouldContain("no policy selects");
    }

    [Fact]
    public void Check_AddressOfAPod_IsTreatedAsThatPod()
    {
        var verdict = Base().Check("x/a", "10.0.0.2");
        verdict.To.ShouldBe("x/b");
        verdict.Ingress.ShouldNotBeNull();
    }

    [Fact]
    public void Check_Verdict_CarriesModelRevision()
    {
        var cluster = Base();
        var next = PolicyCompiler.Compile(cluster.Input, cluster.Model);
        next.Revision.ShouldBe(cluster.Model.Revision + 1);
    }
}
