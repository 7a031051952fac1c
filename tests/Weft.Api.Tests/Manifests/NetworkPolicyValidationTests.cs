namespace Weft.Api.Tests.Manifests;

public sealed class NetworkPolicyValidationTests
{
    private static string Policy(string spec) => $$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p}
        spec:
          podSelector: {}
        {{spec}}
        """;

    [Fact]
    public void Validate_MissingPodSelector_IsRequired()
    {
        ManifestText.Errors("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              policyTypes: [Ingress]
            """).ShouldBe("t.yaml:5:3: spec.podSelector: Required value");
    }

    [Fact]
    public void Validate_MissingSpec_ReportsPodSelectorAtTheObject()
    {
        ManifestText.Errors("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            """).ShouldBe("t.yaml:1:1: spec.podSelector: Required value");
    }

    [Fact]
    public void Validate_SpecOfWrongType_IsReportedOnce()
    {
        ManifestText.Errors("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec: deny-all
            """).ShouldBe("t.yaml:4:7: spec: must be an object, not the string \"deny-all\"");
    }

    [Fact]
    public void Validate_PodSelectorOfWrongType_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              podSelector: [app]
            """).ShouldBe("t.yaml:5:16: spec.podSelector: must be an object, not a list");
    }

    [Fact]
    public void Validate_UnknownAndDuplicatePolicyTypes_AreRejected()
    {
        ManifestText.Errors(Policy("""
              policyTypes: [Ingress, ingress, Ingress]
            """)).ShouldBe("""
            t.yaml:6:26: spec.policyTypes[1]: Unsupported value: "ingress": supported values: "Ingress", "Egress"
            t.yaml:6:35: spec.policyTypes[2]: Duplicate value: "Ingress"
            """);
    }

    [Fact]
    public void Validate_BadCidr_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress:
              - from:
                - ipBlock: {cidr: 10.0.0.0/33}
            """)).ShouldBe("t.yaml:8:23: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": '10.0.0.0/33' is not a CIDR: prefix length must be between 0 and 32");
    }

    [Fact]
    public void Validate_CidrWithoutLength_IsRejected()
    {
        ManifestText.Errors(Policy("""
              egress: [{to: [{ipBlock: {cidr: 10.0.0.1}}]}]
            """)).ShouldBe("t.yaml:6:35: spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.1\": '10.0.0.1' is not a CIDR: missing '/<prefix length>'");
    }

    [Fact]
    public void Validate_MissingCidr_IsRequired()
    {
        ManifestText.Errors(Policy("""
              egress: [{to: [{ipBlock: {except: [10.0.0.0/8]}}]}]
            """)).ShouldBe("t.yaml:6:28: spec.egress[0].to[0].ipBlock.cidr: Required value");
    }

    [Fact]
    public void Validate_ExceptOutsideCidr_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress:
              - from:
                - ipBlock:
                    cidr: 10.0.0.0/16
                    except: [10.0.1.0/24, 10.1.0.0/24, 10.0.0.0/16, "fd00::/64"]
            """)).ShouldBe("""
            t.yaml:10:31: spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr` 10.0.0.0/16
            t.yaml:10:44: spec.ingress[0].from[0].ipBlock.except[2]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr` 10.0.0.0/16
            t.yaml:10:57: spec.ingress[0].from[0].ipBlock.except[3]: Invalid value: "fd00::/64": must be a strict subset of `cidr` 10.0.0.0/16
            """);
    }

    [Fact]
    public void Validate_IpBlockWithSelector_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress:
              - from:
                - ipBlock: {cidr: 10.0.0.0/8}
                  podSelector: {}
            """)).ShouldBe("t.yaml:8:7: spec.ingress[0].from[0]: Forbidden: may not specify more than 1 peer type (ipBlock with podSelector or namespaceSelector)");
    }

    [Fact]
    public void Validate_EmptyPeer_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress: [{from: [{}]}]
            """)).ShouldBe("t.yaml:6:21: spec.ingress[0].from[0]: Required value: must specify a peer (podSelector, namespaceSelector or ipBlock)");
    }

    [Fact]
    public void Validate_PortOutOfRange_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress:
              - ports:
                - port: 0
                - port: 65536
                - port: 65535
            """)).ShouldBe("""
            t.yaml:8:13: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
            t.yaml:9:13: spec.ingress[0].ports[1].port: Invalid value: 65536: must be between 1 and 65535, inclusive
            """);
    }

    [Fact]
    public void Validate_EndPortBelowPort_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress:
              - ports:
                - {port: 100, endPort: 99}
                - {port: 100, endPort: 100}
            """)).ShouldBe("t.yaml:8:28: spec.ingress[0].ports[0].endPort: Invalid value: 99: must be greater than or equal to `port` 100");
    }

    [Fact]
    public void Validate_EndPortOutOfRange_IsRejected()
    {
        ManifestText.Errors(Policy("""
              egress: [{ports: [{port: 1, endPort: 70000}]}]
            """)).ShouldBe("t.yaml:6:40: spec.egress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public void Validate_EndPortWithNamedPort_IsRejected()
    {
        ManifestText.Errors(Policy("""
              egress:
              - ports:
                - port: http
                  endPort: 90
            """)).ShouldBe("t.yaml:9:16: spec.egress[0].ports[0].endPort: Invalid value: may not be specified when `port` is a named port");
    }

    [Fact]
    public void Validate_EndPortWithoutPort_IsRejected()
    {
        ManifestText.Errors(Policy("""
              egress: [{ports: [{endPort: 90}]}]
            """)).ShouldBe("t.yaml:6:31: spec.egress[0].ports[0].endPort: Required value: may not be specified when `port` is not specified");
    }

    [Theory]
    [InlineData("HTTP", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("a-very-long-port-name", "must be no more than 15 characters")]
    [InlineData("8080-", "must contain at least one letter (a-z)")]
    [InlineData("-web", "must not begin or end with a hyphen")]
    [InlineData("my--port", "must not contain consecutive hyphens")]
    public void Validate_InvalidNamedPort_IsRejected(string name, string reason)
    {
        ManifestText.Errors(Policy($$"""
              ingress: [{ports: [{port: "{{name}}"}]}]
            """)).ShouldBe($"t.yaml:6:29: spec.ingress[0].ports[0].port: Invalid value: \"{name}\": {reason}");
    }

    [Fact]
    public void Validate_QuotedNumberAsPort_IsANamedPortAndInvalid()
    {
        // Kubernetes decodes "80" as the string form of IntOrString: a port name, and not a valid one.
        ManifestText.Errors(Policy("""
              ingress: [{ports: [{port: "80"}]}]
            """)).ShouldBe("t.yaml:6:29: spec.ingress[0].ports[0].port: Invalid value: \"80\": must contain at least one letter (a-z)");
    }

    [Fact]
    public void Validate_UnknownProtocol_IsRejectedCaseSensitively()
    {
        ManifestText.Errors(Policy("""
              ingress:
              - ports:
                - {protocol: ICMP}
                - {protocol: udp}
            """)).ShouldBe("""
            t.yaml:8:18: spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"
            t.yaml:9:18: spec.ingress[0].ports[1].protocol: Unsupported value: "udp": supported values: "TCP", "UDP", "SCTP"
            """);
    }

    [Fact]
    public void Validate_StringWhereIntegerExpected_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress: [{ports: [{port: 80, endPort: "90"}]}]
            """)).ShouldBe("t.yaml:6:42: spec.ingress[0].ports[0].endPort: must be an integer, not the string \"90\"");
    }

    [Fact]
    public void Validate_IntegerBeyond32Bits_IsOutOfRange()
    {
        ManifestText.Errors(Policy("""
              ingress: [{ports: [{port: 80, endPort: 4294967376}]}]
            """)).ShouldBe("t.yaml:6:42: spec.ingress[0].ports[0].endPort: Invalid value: 4294967376: out of range for a 32-bit integer");
    }

    [Fact]
    public void Validate_FractionalPort_IsAWrongType()
    {
        ManifestText.Errors(Policy("""
              ingress: [{ports: [{port: 80, endPort: 90.5}]}]
            """)).ShouldBe("t.yaml:6:42: spec.ingress[0].ports[0].endPort: must be an integer, not the number 90.5");
    }

    [Fact]
    public void Validate_RuleOfWrongType_IsRejected()
    {
        ManifestText.Errors(Policy("""
              ingress: {from: []}
            """)).ShouldBe("t.yaml:6:12: spec.ingress: must be a list, not an object");
    }

    [Fact]
    public void Validate_ManyProblems_AreAllReportedInOneResult()
    {
        var result = ManifestText.Parse("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: Bad_Name}
            spec:
              podSelector: {matchExpressions: [{key: a, operator: Foo}]}
              ingress:
              - from: [{ipBlock: {cidr: nonsense}}]
                ports: [{port: 0}, {protocol: tcp}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: ok}
            spec:
              podSelector: {}
              egress: [{ports: [{port: 10, endPort: 5}]}]
            """);

        result.Resources.ShouldBeEmpty();
        result.Diagnostics.Select(d => $"{d.Location.Line}:{d.Field}").ShouldBe([
            "3:metadata.name",
            "5:spec.podSelector.matchExpressions[0].operator",
            "7:spec.ingress[0].from[0].ipBlock.cidr",
            "8:spec.ingress[0].ports[0].port",
            "8:spec.ingress[0].ports[1].protocol",
            "15:spec.egress[0].ports[0].endPort",
        ]);
    }
}
