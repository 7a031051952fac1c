using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Api.Tests.Manifests;

public sealed class AdminPolicyDecodeTests
{
    private static string Anp(string spec) => $$"""
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: a}
        spec:
        {{spec}}
        """;

    [Fact]
    public void Decode_AdminNetworkPolicy_ReadsSubjectRulesPeersAndPorts()
    {
        var anp = ManifestText.Single<AdminNetworkPolicy>("""
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: cluster-control, namespace: ignored}
            spec:
              priority: 20
              subject:
                pods:
                  namespaceSelector: {matchLabels: {tier: prod}}
                  podSelector: {matchLabels: {app: db}}
              ingress:
              - name: allow-monitoring
                action: Allow
                from:
                - namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
                ports:
                - portNumber: {protocol: TCP, port: 9090}
                - namedPort: metrics
                - portRange: {protocol: UDP, start: 1000, end: 2000}
              - name: pass-rest
                action: Pass
                from: [{namespaces: {}}]
              egress:
              - name: deny-dns
                action: Deny
                to:
                - networks: [8.8.8.8/32, "2001:4860::/32"]
                - pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: dns}}}
                ports: [{portNumber: {port: 53}}]
            """);

        anp.Key.ShouldBe("cluster-control");
        anp.Namespace.ShouldBeEmpty();
        anp.Priority.ShouldBe(20);
        anp.Subject.Namespaces.ShouldBeNull();
        anp.Subject.PodNamespaces!.MatchLabels["tier"].ShouldBe("prod");
        anp.Subject.Pods!.MatchLabels["app"].ShouldBe("db");

        anp.Ingress.Length.ShouldBe(2);
        var monitoring = anp.Ingress[0];
        monitoring.Name.ShouldBe("allow-monitoring");
        monitoring.Action.ShouldBe(AdminRuleAction.Allow);
        monitoring.Peers.ShouldHaveSingleItem().Namespaces!.MatchLabels["kubernetes.io/metadata.name"].ShouldBe("monitoring");
        monitoring.Ports.ShouldBe([
            new AdminPort { Protocol = Protocol.Tcp, Port = 9090 },
            new AdminPort { NamedPort = "metrics" },
            new AdminPort { Protocol = Protocol.Udp, Port = 1000, EndPort = 2000 },
        ]);
        anp.Ingress[1].Action.ShouldBe(AdminRuleAction.Pass);
        anp.Ingress[1].Peers.ShouldHaveSingleItem().Namespaces!.IsEmpty.ShouldBeTrue();
        anp.Ingress[1].Ports.ShouldBeEmpty();

        var egress = anp.Egress.ShouldHaveSingleItem();
        egress.Action.ShouldBe(AdminRuleAction.Deny);
        egress.Networks.Select(n => n.ToString()).ShouldBe(["8.8.8.8/32", "2001:4860::/32"]);
        egress.Peers.ShouldHaveSingleItem().Pods!.MatchLabels["app"].ShouldBe("dns");
        egress.Ports.ShouldBe([new AdminPort { Protocol = Protocol.Tcp, Port = 53 }]);
    }

    [Fact]
    public void Decode_BaselineAdminNetworkPolicy_ReadsRules()
    {
        var banp = ManifestText.Single<BaselineAdminNetworkPolicy>("""
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {matchExpressions: [{key: tenant, operator: Exists}]}}
              ingress:
              - {name: deny-all, action: Deny, from: [{namespaces: {}}]}
              egress:
              - {action: Allow, to: [{networks: [10.0.0.0/8]}]}
            """);

        banp.Name.ShouldBe("default");
        banp.Subject.Namespaces!.MatchExpressions.ShouldHaveSingleItem().Key.ShouldBe("tenant");
        banp.Ingress.ShouldHaveSingleItem().Action.ShouldBe(AdminRuleAction.Deny);
        banp.Egress.ShouldHaveSingleItem().Name.ShouldBeEmpty();
    }

    [Fact]
    public void Decode_NodesPeer_IsWarnedAndARuleWithOnlyNodesIsDropped()
    {
        var result = ManifestText.Parse(Anp("""
              priority: 1
              subject: {namespaces: {}}
              egress:
              - {action: Deny, to: [{nodes: {}}]}
              - {action: Allow, to: [{nodes: {}}, {namespaces: {}}]}
            """));

        result.HasErrors.ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "t.yaml:8:26: spec.egress[0].to[0].nodes: nodes peers are not supported yet; the peer matches no pod traffic and is ignored",
            "t.yaml:9:27: spec.egress[1].to[0].nodes: nodes peers are not supported yet; the peer matches no pod traffic and is ignored",
        ]);
        result.OfKind<AdminNetworkPolicy>().Single().Egress.ShouldHaveSingleItem().Action.ShouldBe(AdminRuleAction.Allow);
    }

    [Fact]
    public void Validate_MissingPriorityAndSubject_AreRequired()
    {
        ManifestText.Errors(Anp("""
              ingress: []
            """)).ShouldBe("""
            t.yaml:5:3: spec.priority: Required value
            t.yaml:5:3: spec.subject: Required value
            """);
    }

    [Fact]
    public void Validate_MissingSpec_IsRequired()
    {
        ManifestText.Errors("""
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: a}
            """).ShouldBe("t.yaml:1:1: spec: Required value");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    public void Validate_PriorityOutOfRange_IsRejected(string priority)
    {
        ManifestText.Errors(Anp($$$"""
              priority: {{{priority}}}
              subject: {namespaces: {}}
            """)).ShouldBe($"t.yaml:5:13: spec.priority: Invalid value: {priority}: must be between 0 and 1000, inclusive");
    }

    [Fact]
    public void Validate_PriorityBoundaries_AreAccepted()
    {
        ManifestText.Errors(Anp("""
              priority: 0
              subject: {namespaces: {}}
            """)).ShouldBeEmpty();
        ManifestText.Errors(Anp("""
              priority: 1000
              subject: {namespaces: {}}
            """)).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_PriorityAsString_IsAWrongType()
    {
        ManifestText.Errors(Anp("""
              priority: high
              subject: {namespaces: {}}
            """)).ShouldBe("t.yaml:5:13: spec.priority: must be an integer, not the string \"high\"");
    }

    [Fact]
    public void Validate_SubjectWithBothForms_IsRejected()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject:
                namespaces: {}
                pods: {namespaceSelector: {}, podSelector: {}}
            """)).ShouldBe("t.yaml:7:5: spec.subject: Forbidden: exactly one of namespaces, pods may be set in one entry; use separate entries");
    }

    [Fact]
    public void Validate_PeerWithBothNamespacesAndPods_IsRejected()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - action: Allow
                from:
                - namespaces: {}
                  pods: {namespaceSelector: {}, podSelector: {}}
            """)).ShouldBe("t.yaml:10:7: spec.ingress[0].from[0]: Forbidden: exactly one of namespaces, pods may be set in one entry; use separate entries");
    }

    [Fact]
    public void Validate_EgressPeerWithPodsAndNetworks_IsRejected()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject: {namespaces: {}}
              egress:
              - {action: Allow, to: [{networks: [10.0.0.0/8], namespaces: {}}]}
            """)).ShouldBe("t.yaml:8:26: spec.egress[0].to[0]: Forbidden: exactly one of namespaces, networks may be set in one entry; use separate entries");
    }

    [Fact]
    public void Validate_IngressPeerWithNetworks_IsNotAPeerKind()
    {
        var diagnostics = ManifestText.Diagnostics(Anp("""
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - {action: Allow, from: [{networks: [10.0.0.0/8]}]}
            """));

        diagnostics.ShouldBe("""
            t.yaml:8:28: spec.ingress[0].from[0]: Required value: exactly one of namespaces or pods must be set
            t.yaml:8:29: spec.ingress[0].from[0].networks: unknown field, ignored
            """);
    }

    [Fact]
    public void Validate_PodsPeerMissingSelectors_AreRequired()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject:
                pods: {podSelector: {}}
            """)).ShouldBe("t.yaml:7:11: spec.subject.pods.namespaceSelector: Required value");
    }

    [Fact]
    public void Validate_RuleMissingActionAndPeers_AreRequired()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - name: nothing
            """)).ShouldBe("""
            t.yaml:8:5: spec.ingress[0].action: Required value
            t.yaml:8:5: spec.ingress[0].from: Required value
            """);
    }

    [Fact]
    public void Validate_UnknownActionAndEmptyPeers_AreRejected()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject: {namespaces: {}}
              egress:
              - {action: Drop, to: []}
            """)).ShouldBe("""
            t.yaml:8:14: spec.egress[0].action: Unsupported value: "Drop": supported values: "Allow", "Deny", "Pass"
            t.yaml:8:24: spec.egress[0].to: Invalid value: 0 items: must have between 1 and 100 items
            """);
    }

    [Fact]
    public void Validate_MoreThan100Rules_IsRejected()
    {
        var rules = string.Concat(Enumerable.Repeat("  - {action: Allow, from: [{namespaces: {}}]}\n", 101));
        ManifestText.Errors(Anp($$$"""
              priority: 1
              subject: {namespaces: {}}
              ingress:
            {{{rules}}}
            """)).ShouldBe("t.yaml:8:3: spec.ingress: Too many: 101: must have at most 100 items");
    }

    [Fact]
    public void Validate_RuleNameLongerThan100_IsRejected()
    {
        ManifestText.Errors(Anp($$$"""
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - {name: {{{new string('n', 101)}}}, action: Allow, from: [{namespaces: {}}]}
            """)).ShouldBe("t.yaml:8:12: spec.ingress[0].name: Too long: may not be more than 100 characters");
    }

    [Fact]
    public void Validate_AdminPorts_CheckEachForm()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - action: Allow
                from: [{namespaces: {}}]
                ports:
                - portNumber: {port: 0}
                - portNumber: {protocol: ICMP, port: 80}
                - namedPort: Web
                - portRange: {start: 2000, end: 1000}
                - portRange: {start: 80, end: 80}
                - {portNumber: {port: 80}, namedPort: web}
                - {}
                - portNumber: {protocol: TCP}
            """)).ShouldBe("""
            t.yaml:11:26: spec.ingress[0].ports[0].portNumber.port: Invalid value: 0: must be between 1 and 65535, inclusive
            t.yaml:12:30: spec.ingress[0].ports[1].portNumber.protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"
            t.yaml:13:18: spec.ingress[0].ports[2].namedPort: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)
            t.yaml:14:37: spec.ingress[0].ports[3].portRange.end: Invalid value: 1000: must be greater than `start` 2000
            t.yaml:15:35: spec.ingress[0].ports[4].portRange.end: Invalid value: 80: must be greater than `start` 80
            t.yaml:16:7: spec.ingress[0].ports[5]: Forbidden: exactly one of portNumber, namedPort or portRange may be set, not portNumber and namedPort
            t.yaml:17:7: spec.ingress[0].ports[6]: Required value: exactly one of portNumber, namedPort or portRange must be set
            t.yaml:18:19: spec.ingress[0].ports[7].portNumber.port: Required value
            """);
    }

    [Fact]
    public void Validate_BadNetworks_AreRejected()
    {
        ManifestText.Errors(Anp("""
              priority: 1
              subject: {namespaces: {}}
              egress:
              - action: Deny
                to:
                - networks: [10.0.0.0/40, "::ffff:10.0.0.0/104"]
                - networks: []
            """)).ShouldBe("""
            t.yaml:10:18: spec.egress[0].to[0].networks[0]: Invalid value: "10.0.0.0/40": '10.0.0.0/40' is not a CIDR: prefix length must be between 0 and 32
            t.yaml:10:31: spec.egress[0].to[0].networks[1]: Invalid value: "::ffff:10.0.0.0/104": CIDR must be either an IPv4 or IPv6 address; IPv4 addresses embedded in IPv6 are not supported
            t.yaml:11:17: spec.egress[0].to[1].networks: Invalid value: 0 items: must have between 1 and 25 items
            """);
    }

    [Fact]
    public void Validate_BaselineNamedOtherThanDefault_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: baseline}
            spec: {subject: {namespaces: {}}}
            """).ShouldBe("t.yaml:3:18: metadata.name: Invalid value: \"baseline\": only one BaselineAdminNetworkPolicy may exist and it must be named \"default\"");
    }

    [Fact]
    public void Validate_BaselinePassAction_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress: [{action: Pass, from: [{namespaces: {}}]}]
            """).ShouldBe("t.yaml:6:22: spec.ingress[0].action: Unsupported value: \"Pass\": supported values: \"Allow\", \"Deny\"");
    }

    [Fact]
    public void Validate_BaselinePriority_IsAnUnknownFieldWarning()
    {
        var result = ManifestText.Parse("""
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec: {priority: 3, subject: {namespaces: {}}}
            """);

        result.HasErrors.ShouldBeFalse();
        result.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(DiagnosticSeverity.Warning);
    }
}
