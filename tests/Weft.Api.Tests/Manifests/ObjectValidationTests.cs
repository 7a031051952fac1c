using Weft.Api.Manifests;

namespace Weft.Api.Tests.Manifests;

public sealed class ObjectValidationTests
{
    [Fact]
    public void Validate_UnknownKind_IsAWarningNamingFileAndKindAndTheObjectIsIgnored()
    {
        var result = ManifestText.Parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            """);

        result.HasErrors.ShouldBeFalse();
        result.Resources.ShouldHaveSingleItem().Kind.ShouldBe("Namespace");
        var warning = result.Diagnostics.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.ToString().ShouldBe("t.yaml:2:7: kind: unsupported kind \"ConfigMap\" (v1), object ignored");
    }

    [Fact]
    public void Validate_WrongApiVersionForKind_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: extensions/v1beta1
            kind: NetworkPolicy
            metadata: {name: p}
            spec: {podSelector: {}}
            """).ShouldBe("t.yaml:1:13: apiVersion: Unsupported value: \"extensions/v1beta1\": NetworkPolicy is served by \"networking.k8s.io/v1\"");
    }

    [Fact]
    public void Validate_MissingKind_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            metadata: {name: a}
            """).ShouldBe("t.yaml:1:1: kind: Required value: every object needs a kind");
    }

    [Fact]
    public void Validate_MissingApiVersion_IsRejected()
    {
        ManifestText.Errors("""
            kind: Namespace
            metadata: {name: a}
            """).ShouldBe("t.yaml:1:1: apiVersion: Required value: Namespace is served by \"v1\"");
    }

    [Fact]
    public void Validate_MissingName_IsRejectedAtMetadata()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Namespace
            metadata:
              labels: {a: b}
            """).ShouldBe("t.yaml:4:3: metadata.name: Required value");
    }

    [Fact]
    public void Validate_EmptyQuotedName_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: ""}
            """).ShouldBe("t.yaml:3:18: metadata.name: Required value: name must not be empty");
    }

    [Fact]
    public void Validate_MissingMetadata_IsRejectedAtTheObject()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Namespace
            """).ShouldBe("t.yaml:1:1: metadata.name: Required value");
    }

    [Theory]
    [InlineData("Namespace", "v1", "a.b", "a lowercase RFC 1123 label")]
    [InlineData("Namespace", "v1", "ABC", "a lowercase RFC 1123 label")]
    [InlineData("Pod", "v1", "Web", "a lowercase RFC 1123 subdomain")]
    [InlineData("Pod", "v1", "web_1", "a lowercase RFC 1123 subdomain")]
    [InlineData("Service", "v1", "1web", "a DNS-1035 label")]
    [InlineData("Service", "v1", "web.svc", "a DNS-1035 label")]
    [InlineData("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "-anp", "a lowercase RFC 1123 subdomain")]
    public void Validate_InvalidNameForKind_IsRejected(string kind, string apiVersion, string name, string rule)
    {
        var diagnostic = ManifestText.Parse($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: \"{name}\"\n")
            .Diagnostics.First(d => d.Field == "metadata.name");

        diagnostic.Location.ShouldBe(new SourceLocation("t.yaml", 4, 9));
        diagnostic.Message.ShouldStartWith($"Invalid value: \"{name}\": {rule}");
    }

    [Theory]
    [InlineData("Pod", "v1", "web.v1")]
    [InlineData("Service", "v1", "web-1")]
    [InlineData("Namespace", "v1", "123")]
    public void Validate_ValidNameForKind_IsAccepted(string kind, string apiVersion, string name)
    {
        ManifestText.Parse($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: \"{name}\"\n")
            .Diagnostics.ShouldNotContain(d => d.Field == "metadata.name");
    }

    [Fact]
    public void Validate_NameTooLong_IsRejected()
    {
        ManifestText.Errors($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {new string('a', 64)}}}\n")
            .ShouldEndWith("metadata.name: Invalid value: \"" + new string('a', 64) + "\": must be no more than 63 characters");
    }

    [Fact]
    public void Validate_InvalidNamespace_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: Shop}
            spec: {containers: [{name: c}]}
            """).ShouldStartWith("t.yaml:3:32: metadata.namespace: Invalid value: \"Shop\": a lowercase RFC 1123 label");
    }

    [Fact]
    public void Validate_DuplicateInOneText_PointsToTheFirst()
    {
        ManifestText.Errors("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: a}
            spec: {podSelector: {}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: a}
            spec: {podSelector: {}}
            """).ShouldBe("t.yaml:8:18: metadata.name: Duplicate value: NetworkPolicy \"a/p\" is already defined at t.yaml:1:1");
    }

    [Fact]
    public void Validate_DuplicateWithDefaultedNamespace_IsStillADuplicate()
    {
        var result = ManifestText.Parse("""
            {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c}]}}
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: default}, spec: {containers: [{name: c}]}}
            """);

        result.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Pod \"default/p\" is already defined at t.yaml:1:1");
    }

    [Fact]
    public void Validate_ClusterIpUsedTwice_IsRejected()
    {
        ManifestText.Errors("""
            {apiVersion: v1, kind: Service, metadata: {name: a}, spec: {clusterIP: 10.96.0.10, ports: [{port: 53}]}}
            ---
            {apiVersion: v1, kind: Service, metadata: {name: b}, spec: {clusterIP: 10.96.0.10, ports: [{port: 53}]}}
            ---
            {apiVersion: v1, kind: Service, metadata: {name: c}, spec: {clusterIP: None, ports: [{port: 53}]}}
            ---
            {apiVersion: v1, kind: Service, metadata: {name: d}, spec: {clusterIP: None, ports: [{port: 53}]}}
            """).ShouldBe("t.yaml:3:72: spec.clusterIP: Invalid value: \"10.96.0.10\": provided IP is already allocated to service \"default/a\" at t.yaml:1:1");
    }

    [Fact]
    public void Validate_PodIpUsedTwice_IsAWarningExceptForHostNetworkPods()
    {
        var result = ManifestText.Parse("""
            {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c}]}, status: {podIP: 10.0.0.1}}
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {containers: [{name: c}]}, status: {podIP: 10.0.0.1}}
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: h1}, spec: {hostNetwork: true, containers: [{name: c}]}, status: {podIP: 172.31.0.2}}
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: h2}, spec: {hostNetwork: true, containers: [{name: c}]}, status: {podIP: 172.31.0.2}}
            """);

        result.HasErrors.ShouldBeFalse();
        result.Resources.Length.ShouldBe(4);
        result.Diagnostics.ShouldHaveSingleItem().ToString().ShouldBe("t.yaml:3:1: status.podIPs: 10.0.0.1 is also the address of pod \"default/a\" at t.yaml:1:1");
    }

    [Fact]
    public void Validate_InvalidObject_IsLeftOutButValidOnesAreKept()
    {
        var result = ManifestText.Parse("""
            {apiVersion: v1, kind: Namespace, metadata: {name: ok}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: Not-OK}}
            """);

        result.HasErrors.ShouldBeTrue();
        result.Resources.ShouldHaveSingleItem().Name.ShouldBe("ok");
    }

    [Fact]
    public void Validate_UnknownTopLevelField_IsAWarning()
    {
        var diagnostic = ManifestText.Parse("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            sepc: {}
            """).Diagnostics.ShouldHaveSingleItem();

        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Warning);
        diagnostic.ToString().ShouldBe("t.yaml:4:1: sepc: unknown field, ignored");
    }

    [Fact]
    public void Validate_ErrorsAcrossKindsAndDocuments_AreAllReportedAtOnce()
    {
        var result = ManifestText.Parse("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: c, ports: [{containerPort: 0}]}]}
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: a}
            spec: {priority: 2000, subject: {namespaces: {matchExpressions: [{key: k, operator: In}]}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec: {ports: [{port: 80, protocol: HTTP}]}
            """);

        result.Resources.ShouldBeEmpty();
        result.Diagnostics.Select(d => $"{d.Location.Line}:{d.Field}").ShouldBe([
            "4:spec.containers[0].ports[0].containerPort",
            "9:spec.priority",
            "9:spec.subject.namespaces.matchExpressions[0].values",
            "14:spec.ports[0].protocol",
        ]);
    }
}
