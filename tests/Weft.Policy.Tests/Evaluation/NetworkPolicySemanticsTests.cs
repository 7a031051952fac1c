using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Policy.Evaluation;
using Weft.Policy.Tests.Support;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Policy.Tests.Evaluation;

/// <summary>One test per rule of the Kubernetes NetworkPolicy API reference and concept page.</summary>
public sealed class NetworkPolicySemanticsTests
{
    private static Cluster TwoNamespaces() => new Cluster().Add(
        Namespace("x", "team=red"),
        Namespace("y", "team=blue"),
        Pod("x/a", "app=a", "10.0.0.1"),
        Pod("x/b", "app=b", "10.0.0.2"),
        Pod("y/a", "app=a", "10.0.1.1"),
        Pod("y/b", "app=b", "10.0.1.2"));

    [Fact]
    public void Evaluate_NoPolicies_AllowsEverything()
    {
        var cluster = TwoNamespaces();
        cluster.Allowed("x/a", "y/b").ShouldBeTrue();
        cluster.Check("x/a", "y/b").Ingress!.DecidedBy.ShouldBe(PolicyTier.Default);
    }

    [Fact]
    public void Evaluate_PolicyWithNoIngressRules_IsolatesSelectedPodsForIngress()
    {
        var cluster = TwoNamespaces().Add(Np("x/deny", Sel("app=b")));
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
        cluster.Allowed("y/a", "x/a").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_IngressIsolation_DoesNotRestrictEgress()
    {
        var cluster = TwoNamespaces().Add(Np("x/deny", Sel("app=b")));
        cluster.Allowed("x/b", "y/a").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_InferredPolicyTypes_IncludeEgressOnlyWhenEgressRulesExist()
    {
        var cluster = TwoNamespaces().Add(Np("x/egress", Sel("app=a"), egress: [Rule([PodPeer("app=b")])]));
        cluster.Allowed("x/a", "x/b").ShouldBeTrue();
        cluster.Allowed("x/a", "y/b").ShouldBeFalse();
        // Ingress is inferred too: with no ingress rules, x/a is isolated for ingress.
        cluster.Allowed("x/b", "x/a").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_EgressOnlyPolicyType_DoesNotIsolateIngress()
    {
        var cluster = TwoNamespaces().Add(Np("x/egress", Sel("app=a"), egress: [], types: [PolicyType.Egress]));
        cluster.Allowed("x/b", "x/a").ShouldBeTrue();
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_RulesOfDirectionNotInPolicyTypes_AreIgnored()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=a"), ingress: [Rule()], egress: [Rule([PodPeer("app=b")])], types: [PolicyType.Ingress]));
        cluster.Allowed("x/a", "y/b").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_Connection_NeedsEgressAtSourceAndIngressAtDestination()
    {
        var cluster = TwoNamespaces().Add(
            Np("x/a-egress", Sel("app=a"), egress: [Rule([PodPeer("app=b")])], types: [PolicyType.Egress]),
            Np("y/b-ingress", Sel("app=b"), ingress: [Rule([NsPeer("team=red")])]));
        cluster.Allowed("x/a", "x/b").ShouldBeTrue();
        cluster.Allowed("x/a", "y/b").ShouldBeFalse();
        cluster.Allowed("x/b", "y/b").ShouldBeTrue();
        var verdict = cluster.Check("x/a", "y/b");
        verdict.Egress!.Allowed.ShouldBeFalse();
        verdict.Ingress!.Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_SeveralPolicies_AllowTheUnionOfTheirRules()
    {
        var cluster = TwoNamespaces().Add(
            Np("x/from-a", Sel("app=b"), ingress: [Rule([PodPeer("app=a")])]),
            Np("x/from-y", Sel("app=b"), ingress: [Rule([NsPeer("team=blue")])]));
        cluster.Allowed("x/a", "x/b").ShouldBeTrue();
        cluster.Allowed("y/b", "x/b").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_PodSelectorPeerAlone_SelectsPodsInPolicyNamespaceOnly()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([PodPeer("app=a")])]));
        cluster.Allowed("x/a", "x/b").ShouldBeTrue();
        cluster.Allowed("y/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_NamespaceSelectorPeerAlone_SelectsAllPodsInMatchingNamespaces()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([NsPeer("team=blue")])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("y/b", "x/b").ShouldBeTrue();
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_PeerWithBothSelectors_RequiresBothToMatch()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([BothPeer("team=blue", "app=a")])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("y/b", "x/b").ShouldBeFalse();
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_SeparatePeersInOneRule_AreAlternatives()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([NsPeer("team=blue"), PodPeer("app=a")])]));
        cluster.Allowed("y/b", "x/b").ShouldBeTrue();
        cluster.Allowed("x/a", "x/b").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_EmptyPodSelector_SelectsAllPodsInNamespace()
    {
        var cluster = TwoNamespaces().Add(Np("x/deny-all", Sel("")));
        cluster.Allowed("y/a", "x/a").ShouldBeFalse();
        cluster.Allowed("y/a", "x/b").ShouldBeFalse();
        cluster.Allowed("x/a", "y/a").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_EmptyPodSelectorPeer_SelectsAllPodsOfPolicyNamespace()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([PodPeer("")])]));
        cluster.Allowed("x/a", "x/b").ShouldBeTrue();
        cluster.Allowed("y/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_EmptyNamespaceSelectorPeer_SelectsPodsInAllNamespaces()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([NsPeer("")])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("10.9.9.9", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_RuleWithoutPeers_AllowsAllSourcesIncludingExternal()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule(ports: [Port(80)])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("203.0.113.7", "x/b").ShouldBeTrue();
        cluster.Allowed("203.0.113.7", "x/b", 81).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_IpBlockWithExcept_MatchesExternalAddressesOutsideExceptions()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([IpPeer("192.168.0.0/16", "192.168.5.0/24")])]));
        cluster.Allowed("192.168.1.1", "x/b").ShouldBeTrue();
        cluster.Allowed("192.168.5.1", "x/b").ShouldBeFalse();
        cluster.Allowed("10.1.1.1", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_IpBlock_MatchesPodAddresses()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([IpPeer("10.0.1.0/24", "10.0.1.2/32")])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("y/b", "x/b").ShouldBeFalse();
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_IpBlock_NeverMatchesPodWithoutAddress()
    {
        var cluster = TwoNamespaces().Add(
            Pod("y/noip", "app=c"),
            Np("x/p", Sel("app=b"), ingress: [Rule([IpPeer("0.0.0.0/0")])]));
        cluster.Allowed("y/noip", "x/b").ShouldBeFalse();
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_IpBlockEgress_MatchesExternalDestination()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=a"), egress: [Rule([IpPeer("8.8.8.0/24")], [Port(53, Protocol.Udp)])], types: [PolicyType.Egress]));
        cluster.Allowed("x/a", "8.8.8.8", 53, Protocol.Udp).ShouldBeTrue();
        cluster.Allowed("x/a", "8.8.8.8", 53, Protocol.Tcp).ShouldBeFalse();
        cluster.Allowed("x/a", "1.1.1.1", 53, Protocol.Udp).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_RuleWithoutPorts_AllowsAllPortsAndProtocols()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([PodPeer("app=a")])]));
        cluster.Allowed("x/a", "x/b", 1).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 65535, Protocol.Udp).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 9, Protocol.Sctp).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_PortNumber_MatchesThatPortAndProtocolOnly()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule(ports: [Port(8080)])]));
        cluster.Allowed("x/a", "x/b", 8080).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 8081).ShouldBeFalse();
        cluster.Allowed("x/a", "x/b", 8080, Protocol.Udp).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_PortWithoutNumber_MatchesAllPortsOfItsProtocol()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule(ports: [AllPorts(Protocol.Udp)])]));
        cluster.Allowed("x/a", "x/b", 5353, Protocol.Udp).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 5353, Protocol.Tcp).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_SctpPort_MatchesSctpOnly()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule(ports: [Port(9000, Protocol.Sctp)])]));
        cluster.Allowed("x/a", "x/b", 9000, Protocol.Sctp).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 9000, Protocol.Tcp).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_EndPort_MatchesInclusiveRange()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule(ports: [Port(8000, endPort: 8010)])]));
        cluster.Allowed("x/a", "x/b", 7999).ShouldBeFalse();
        cluster.Allowed("x/a", "x/b", 8000).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 8010).ShouldBeTrue();
        cluster.Allowed("x/a", "x/b", 8011).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_NamedPort_ResolvesOnDestinationPodPerProtocol()
    {
        var cluster = new Cluster().Add(
            Pod("x/client", "app=client"),
            Pod("x/web1", "app=web", null, NamedPort("http", 8080), NamedPort("dns", 53, Protocol.Udp)),
            Pod("x/web2", "app=web", null, NamedPort("http", 9090)),
            Np("x/p", Sel("app=web"), ingress: [Rule(ports: [Port("http"), Port("dns", Protocol.Tcp)])]));
        cluster.Allowed("x/client", "x/web1", 8080).ShouldBeTrue();
        cluster.Allowed("x/client", "x/web1", 9090).ShouldBeFalse();
        cluster.Allowed("x/client", "x/web2", 9090).ShouldBeTrue();
        cluster.Allowed("x/client", "x/web2", 8080).ShouldBeFalse();
        // "dns" is a UDP port on web1; the rule asks for TCP "dns", which web1 does not name.
        cluster.Allowed("x/client", "x/web1", 53, Protocol.Tcp).ShouldBeFalse();
        cluster.Allowed("x/client", "x/web1", 53, Protocol.Udp).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_NamedPortInEgressRule_ResolvesOnDestinationPod()
    {
        var cluster = new Cluster().Add(
            Pod("x/client", "app=client", null, NamedPort("http", 1111)),
            Pod("x/web", "app=web", null, NamedPort("http", 8080)),
            Np("x/p", Sel("app=client"), egress: [Rule(ports: [Port("http")])], types: [PolicyType.Egress]));
        cluster.Allowed("x/client", "x/web", 8080).ShouldBeTrue();
        cluster.Allowed("x/client", "x/web", 1111).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_NamedPortToExternalAddress_NeverMatches()
    {
        var cluster = new Cluster().Add(
            Pod("x/client", "app=client", null, NamedPort("http", 80)),
            Np("x/p", Sel("app=client"), egress: [Rule(ports: [Port("http")])], types: [PolicyType.Egress]));
        cluster.Allowed("x/client", "203.0.113.1", 80).ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_TrafficFromPodToItself_IsSubjectToPolicy()
    {
        var cluster = TwoNamespaces();
        cluster.Allowed("x/a", "x/a").ShouldBeTrue();
        cluster.Add(Np("x/deny", Sel("app=a")));
        cluster.Allowed("x/a", "x/a").ShouldBeFalse();
        cluster.Add(Np("x/self", Sel("app=a"), ingress: [Rule([PodPeer("app=a")])]));
        cluster.Allowed("x/a", "x/a").ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_NamespaceNameLabel_IsImplicitOnEveryNamespace()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([NsPeer("kubernetes.io/metadata.name=y")])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_UndeclaredNamespace_ExistsWithOnlyItsNameLabel()
    {
        var cluster = new Cluster().Add(
            Pod("ghost/a", "app=a"),
            Pod("x/b", "app=b"),
            Np("x/p", Sel("app=b"), ingress: [Rule([new NetworkPolicyPeer { NamespaceSelector = Expr("kubernetes.io/metadata.name", SelectorOperator.Exists) }])]));
        cluster.Allowed("ghost/a", "x/b").ShouldBeTrue();
        cluster.Model.Namespaces.Single(n => n.Name == "ghost").Labels.Count.ShouldBe(1);
    }

    [Fact]
    public void Evaluate_MatchExpressions_SelectPeers()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel("app=b"), ingress: [Rule([new NetworkPolicyPeer { NamespaceSelector = Expr("team", SelectorOperator.NotIn, "red") }])]));
        cluster.Allowed("y/a", "x/b").ShouldBeTrue();
        cluster.Allowed("x/a", "x/b").ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_ExternalSource_ChecksOnlyIngressOfDestination()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel(""), ingress: [Rule([IpPeer("203.0.113.0/24")])]));
        var verdict = cluster.Check("203.0.113.9", "x/a");
        verdict.Allowed.ShouldBeTrue();
        verdict.Egress.ShouldBeNull();
        verdict.Ingress.ShouldNotBeNull();
    }

    [Fact]
    public void Evaluate_ExternalDestination_ChecksOnlyEgressOfSource()
    {
        var cluster = TwoNamespaces().Add(Np("x/p", Sel(""), egress: [Rule([PodPeer("")])], types: [PolicyType.Egress]));
        var verdict = cluster.Check("x/a", "203.0.113.9");
        verdict.Allowed.ShouldBeFalse();
        verdict.Ingress.ShouldBeNull();
        verdict.Egress!.DecidedBy.ShouldBe(PolicyTier.NetworkPolicy);
    }

    [Fact]
    public void Evaluate_Ipv6IpBlock_MatchesIpv6AddressesOfPodsAndExternals()
    {
        var cluster = new Cluster().Add(
            Pod("x/server", "app=server", "fd00::10"),
            Pod("x/v6", "app=client", "fd00::1"),
            Pod("x/v4", "app=client", "10.0.0.1"),
            Np("x/p", Sel("app=server"), ingress: [Rule([IpPeer("fd00::/64", "fd00::1/128"), IpPeer("2001:db8::/32")])]));
        cluster.Allowed("2001:db8::5", "x/server").ShouldBeTrue();
        cluster.Allowed("2001:db9::5", "x/server").ShouldBeFalse();
        cluster.Allowed("x/v6", "x/server").ShouldBeFalse();
        cluster.Allowed("x/v4", "x/server").ShouldBeFalse();
        cluster.Allowed("fd00::2", "x/server").ShouldBeTrue();
    }
}
