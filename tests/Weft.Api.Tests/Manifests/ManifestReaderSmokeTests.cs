using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Api.Tests.Manifests;

public sealed class ManifestReaderSmokeTests
{
    [Fact]
    public void Parse_PodAndNetworkPolicy_DecodesBothWithDefaults()
    {
        var result = ManifestReader.Parse("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: c
                ports: [{containerPort: 80, name: http}]
            status:
              podIP: 10.0.0.1
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - from: [{podSelector: {matchLabels: {app: web}}}]
                ports: [{port: 80, endPort: 90}]
            """, "m.yaml");
        string.Join("\n", result.Diagnostics).ShouldBeEmpty();
        result.Resources.Length.ShouldBe(2);
        var pod = result.OfKind<Pod>().Single();
        pod.Namespace.ShouldBe("default");
        pod.Source.ShouldBe(new SourceLocation("m.yaml", 1, 1));
        result.OfKind<NetworkPolicy>().Single().Ingress[0].Ports[0].EndPort.ShouldBe(90);
    }

    [Fact]
    public void Parse_InvalidPorts_ReportsEveryProblemAtOnce()
    {
        var result = ManifestReader.Parse("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              ingress:
              - ports: [{port: 0}, {port: http, endPort: 3}, {protocol: tcp}]
            """, "m.yaml");
        var text = string.Join("\n", result.Diagnostics);
        text.ShouldBe("""
            m.yaml:5:3: spec.podSelector: Required value
            m.yaml:6:20: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
            m.yaml:6:46: spec.ingress[0].ports[1].endPort: Invalid value: may not be specified when `port` is a named port
            m.yaml:6:61: spec.ingress[0].ports[2].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"
            """);
    }
}
