using System.Net;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Api.Tests.Manifests;

public sealed class NetworkPolicyDecodeTests
{
    private static string Policy(string spec) => $$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: shop}
        spec:
          podSelector: {}
        {{spec}}
        """;

    [Fact]
    public void Decode_FullPolicy_ReadsEveryField()
    {
        var policy = ManifestText.Single<NetworkPolicy>("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop, labels: {team: core}}
            spec:
              podSelector:
                matchLabels: {app: api}
                matchExpressions:
                - {key: tier, operator: NotIn, values: [legacy, old]}
              policyTypes: [Ingress, Egress]
              ingress:
              - from:
                - podSelector: {matchLabels: {app: web}}
                - namespaceSelector: {matchLabels: {team: ops}}
                  podSelector: {matchExpressions: [{key: monitor, operator: Exists}]}
                - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.3.0/24]}
                ports:
                - port: 8080
                - {protocol: UDP, port: dns}
                - {protocol: SCTP, port: 9000, endPort: 9100}
                - protocol: TCP
              egress:
              - to: [{ipBlock: {cidr: "2001:db8::/32"}}]
            """);

        policy.Key.ShouldBe("shop/api");
        policy.Metadata.Labels["team"].ShouldBe("core");
        policy.PodSelector.MatchLabels.ShouldContainKeyAndValue("app", "api");
        policy.PodSelector.MatchExpressions.ShouldHaveSingleItem()
            .ShouldBe(new LabelSelectorRequirement { Key = "tier", Operator = SelectorOperator.NotIn, Values = ["legacy", "old"] });
        policy.PolicyTypes.ShouldBe([PolicyType.Ingress, PolicyType.Egress]);
        var ingress = policy.Ingress.ShouldHaveSingleItem();
        ingress.Peers.Length.ShouldBe(3);
        ingress.Peers[0].PodSelector!.MatchLabels["app"].ShouldBe("web");
        ingress.Peers[0].NamespaceSelector.ShouldBeNull();
        ingress.Peers[1].NamespaceSelector!.MatchLabels["team"].ShouldBe("ops");
        ingress.Peers[1].PodSelector!.MatchExpressions[0].Operator.ShouldBe(SelectorOperator.Exists);
        ingress.Peers[2].IpBlock!.Cidr.ToString().ShouldBe("10.0.0.0/8");
        ingress.Peers[2].IpBlock!.Except.Select(e => e.ToString()).ShouldBe(["10.1.0.0/16", "10.2.3.0/24"]);
        ingress.Ports.ShouldBe([
            new NetworkPolicyPort { Protocol = Protocol.Tcp, Port = IntOrString.FromNumber(8080) },
            new NetworkPolicyPort { Protocol = Protocol.Udp, Port = IntOrString.FromName("dns") },
            new NetworkPolicyPort { Protocol = Protocol.Sctp, Port = IntOrString.FromNumber(9000), EndPort = 9100 },
            new NetworkPolicyPort { Protocol = Protocol.Tcp },
        ]);
        policy.Egress.ShouldHaveSingleItem().Peers.ShouldHaveSingleItem().IpBlock!.Contains(IPAddress.Parse("2001:db8::1")).ShouldBeTrue();
        policy.Source.ShouldBe(new SourceLocation("t.yaml", 1, 1));
    }

    [Fact]
    public void Decode_MissingNamespace_DefaultsToDefault()
    {
        ManifestText.Single<NetworkPolicy>("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec: {podSelector: {}}
            """).Namespace.ShouldBe("default");
    }

    [Fact]
    public void Decode_MissingAndEmptyLists_AreEmptyNotDefault()
    {
        var policy = ManifestText.Single<NetworkPolicy>(Policy("""
              ingress:
              - {}
              - from: []
                ports: []
            """));

        policy.PolicyTypes.IsDefault.ShouldBeFalse();
        policy.PolicyTypes.ShouldBeEmpty();
        policy.Egress.IsDefault.ShouldBeFalse();
        policy.Egress.ShouldBeEmpty();
        policy.Ingress.Length.ShouldBe(2);
        policy.Ingress.ShouldAllBe(rule => !rule.Peers.IsDefault && rule.Peers.IsEmpty && !rule.Ports.IsDefault && rule.Ports.IsEmpty);
        policy.AppliesToIngress.ShouldBeTrue();
        policy.AppliesToEgress.ShouldBeFalse();
    }

    [Fact]
    public void Decode_EmptyPodSelector_SelectsEverything()
    {
        var policy = ManifestText.Single<NetworkPolicy>(Policy(""));

        policy.PodSelector.IsEmpty.ShouldBeTrue();
        policy.PodSelector.Matches(new Dictionary<string, string> { ["any"] = "thing" }).ShouldBeTrue();
    }

    [Fact]
    public void Decode_CidrWithHostBits_IsMaskedWithAWarning()
    {
        var result = ManifestText.Parse(Policy("""
              egress: [{to: [{ipBlock: {cidr: 10.1.2.3/16}}]}]
            """));

        result.HasErrors.ShouldBeFalse();
        result.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(DiagnosticSeverity.Warning);
        result.OfKind<NetworkPolicy>().Single().Egress[0].Peers[0].IpBlock!.Cidr.ToString().ShouldBe("10.1.0.0/16");
    }

    [Fact]
    public void Decode_UnknownSpecField_IsAWarning()
    {
        var diagnostic = ManifestText.Parse(Policy("""
              ingres: []
            """)).Diagnostics.ShouldHaveSingleItem();

        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Warning);
        diagnostic.ToString().ShouldBe("t.yaml:6:3: spec.ingres: unknown field, ignored");
    }
}
