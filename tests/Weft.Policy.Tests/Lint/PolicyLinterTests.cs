using Weft.Api.Resources;
using Weft.Policy.Lint;
using Weft.Policy.Tests.Support;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Policy.Tests.Lint;

public sealed class PolicyLinterTests
{
    private static readonly AdminRuleAction Allow = AdminRuleAction.Allow;
    private static readonly AdminRuleAction Deny = AdminRuleAction.Deny;

    private static Cluster Base() => new Cluster().Add(
        Namespace("x", "team=red"),
        Namespace("y", "team=blue"),
        Pod("x/a", "app=a", "10.0.0.1", NamedPort("http", 80)),
        Pod("y/b", "app=b", "10.0.1.1"));

    private static List<string> Lint(Cluster cluster) => [.. PolicyLinter.Lint(cluster.Model).Select(w => w.ToString())];

    [Fact]
    public void Lint_CleanPolicies_GiveNoWarnings()
    {
        var cluster = Base().Add(Np("x/p", Sel("app=a"), ingress: [Rule([NsPeer("team=blue")], [Port("http")])]));
        Lint(cluster).ShouldBeEmpty();
    }

    [Fact]
    public void Lint_PolicySelectingNoPods_Warns()
    {
        Lint(Base().Add(Np("x/p", Sel("app=zzz")))).ShouldContain(w => w.Contains("NetworkPolicy x/p spec.podSelector: selects no pods"));
    }

    [Fact]
    public void Lint_NamespaceSelectorMatchingNoNamespace_Warns()
    {
        Lint(Base().Add(Np("x/p", Sel("app=a"), ingress: [Rule([NsPeer("team=green")])])))
            .ShouldContain(w => w.Contains("spec.ingress[0].from[0].namespaceSelector: matches no namespace"));
    }

    [Fact]
    public void Lint_NamedPortNotExposedBySelectedPods_Warns()
    {
        Lint(Base().Add(Np("x/p", Sel("app=a"), ingress: [Rule(ports: [Port("http", Protocol.Udp)])])))
            .ShouldContain(w => w.Contains("named port 'http' (UDP) is not exposed by any selected pod"));
    }

    [Fact]
    public void Lint_EgressNamedPort_IsCheckedAgainstDestinationPods()
    {
        var cluster = Base().Add(
            Np("y/ok", Sel("app=b"), egress: [Rule([NsPeer("team=red")], [Port("http")])], types: [PolicyType.Egress]),
            Np("y/bad", Sel("app=b"), egress: [Rule([NsPeer("team=blue")], [Port("http")])], types: [PolicyType.Egress]));
        var warnings = Lint(cluster);
        warnings.ShouldContain(w => w.Contains("y/bad") && w.Contains("not exposed by any destination pod"));
        warnings.ShouldNotContain(w => w.Contains("y/ok"));
    }

    [Fact]
    public void Lint_IpBlockOverlappingPodAddresses_Warns()
    {
        Lint(Base().Add(Np("x/p", Sel("app=a"), ingress: [Rule([IpPeer("10.0.1.0/24")])])))
            .ShouldContain(w => w.Contains("10.0.1.0/24 also matches pod addresses (y/b)"));
        Lint(Base().Add(Np("x/p", Sel("app=a"), ingress: [Rule([IpPeer("10.0.1.0/24", "10.0.1.0/28")])]))).ShouldBeEmpty();
    }

    [Fact]
    public void Lint_AnpRuleCoveredByHigherPriorityRule_IsShadowed()
    {
        var cluster = Base().Add(
            Anp("first", 1, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")], ports: [AdminPortRange(1, 1000)])]),
            Anp("second", 2, Namespaces("team=red"), ingress: [AdminRule(Allow, [Namespaces("team=blue")], ports: [AdminPortNumber(80)])]));
        Lint(cluster).ShouldContain(w => w.Contains("AdminNetworkPolicy second spec.ingress[0]: rule 0 is shadowed by AdminNetworkPolicy first (priority 1)"));
    }

    [Fact]
    public void Lint_AnpRuleWithPortsOutsideEarlierRule_IsNotShadowed()
    {
        var cluster = Base().Add(
            Anp("first", 1, Namespaces(""), ingress: [AdminRule(Deny, [Namespaces("")], ports: [AdminPortNumber(80)])]),
            Anp("second", 2, Namespaces(""), ingress: [AdminRule(Allow, [Namespaces("")], ports: [AdminPortNumber(443)])]));
        Lint(cluster).ShouldBeEmpty();
    }

    [Fact]
    public void Lint_AnpRuleWithWiderSubjectThanEarlierRule_IsNotShadowed()
    {
        var cluster = Base().Add(
            Anp("first", 1, Namespaces("team=red"), ingress: [AdminRule(Deny, [Namespaces("")])]),
            Anp("second", 2, Namespaces(""), ingress: [AdminRule(Allow, [Namespaces("")])]));
        Lint(cluster).ShouldBeEmpty();
    }

    [Fact]
    public void Lint_LaterRuleInSameAnp_CanBeShadowed()
    {
        var cluster = Base().Add(Anp("one", 1, Namespaces(""), ingress:
        [
            AdminRule(Deny, [Namespaces("")], name: "all"),
            AdminRule(Allow, [Namespaces("team=red")], name: "red"),
        ]));
        Lint(cluster).ShouldContain(w => w.Contains("rule 1 \"red\" is shadowed by an earlier rule of this policy"));
    }

    [Fact]
    public void Lint_AnpsSharingPriority_Warns()
    {
        var cluster = Base().Add(
            Anp("a", 5, Namespaces("team=red"), ingress: [AdminRule(Deny, [Namespaces("team=blue")])]),
            Anp("b", 5, Namespaces("team=blue"), ingress: [AdminRule(Deny, [Namespaces("team=red")])]));
        Lint(cluster).Count(w => w.Contains("priority 5 is shared by a, b")).ShouldBe(2);
    }
}
