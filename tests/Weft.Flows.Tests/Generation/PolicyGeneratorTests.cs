using System.Collections.Immutable;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Resources;
using Weft.Flows.Generation;

namespace Weft.Flows.Tests.Generation;

public sealed class PolicyGeneratorTests
{
    internal static readonly IPAddress External = IPAddress.Parse("192.0.2.9");

    internal static readonly Pod Web1 = Pod("x", "web-1", "10.244.0.10", [("app", "web"), ("tier", "front")], ("http", 8080, Protocol.Tcp));
    internal static readonly Pod Web2 = Pod("x", "web-2", "10.244.0.11", [("app", "web")], ("http", 8080, Protocol.Tcp));
    internal static readonly Pod Api = Pod("y", "api-1", "10.244.1.10", [("app.kubernetes.io/name", "api")], ("grpc", 9090, Protocol.Tcp));
    internal static readonly Pod Db = Pod("y", "db-0", "10.244.1.20", [("role", "db"), ("tier", "data")], (null, 5432, Protocol.Tcp));
    internal static readonly Pod Dns = Pod("kube-system", "coredns-1", "10.244.2.2", [("k8s-app", "kube-dns")], ("dns", 53, Protocol.Udp), ("dns-tcp", 53, Protocol.Tcp));
    internal static readonly Pod[] AllPods = [Web1, Web2, Api, Db, Dns];

    internal static readonly FlowRecord[] Observed =
    [
        Flow(Web1, Api, 9090),
        Flow(Web2, Api, 9090, verdict: FlowVerdict.Audit),
        Flow(Api, Db, 5432),
        Flow(Api, Dns, 53, IpProtocol.Udp),
        Flow(Web1, Dns, 53, IpProtocol.Udp),
        Flow(null, Web1, 8080),
    ];

    internal static readonly FlowRecord DroppedWeb2ToDb = Flow(Web2, Db, 5432, verdict: FlowVerdict.Dropped);

    [Fact]
    public void Generate_ShopFlows_AllowsEveryObservedFlowAfterYamlRoundTrip()
    {
        var policies = GenerateAndReadBack([.. Observed, DroppedWeb2ToDb]);

        foreach (var flow in Observed)
        {
            Allowed(policies, flow).ShouldBeTrue($"{flow.Source.DisplayName} -> {flow.Destination.DisplayName}:{flow.Destination.Port}");
        }
    }

    [Theory]
    [InlineData("x/web-1", "y/db-0", 5432, "unobserved pair")]
    [InlineData("x/web-2", "y/db-0", 5432, "observed only as a drop")]
    [InlineData("external", "y/api-1", 9090, "external source never seen for api")]
    [InlineData("y/api-1", "x/web-1", 8080, "reverse direction")]
    [InlineData("y/db-0", "y/api-1", 9090, "reverse direction")]
    [InlineData("x/web-1", "y/api-1", 9091, "unobserved port")]
    [InlineData("external", "x/web-1", 8081, "unobserved port")]
    [InlineData("kube-system/coredns-1", "x/web-1", 8080, "web ingress allows only the observed external client")]
    public void Generate_ShopFlows_DeniesUnobservedTraffic(string from, string to, int port, string why)
    {
        var policies = GenerateAndReadBack([.. Observed, DroppedWeb2ToDb]);
        var source = from == "external" ? null : AllPods.Single(p => p.Key == from);
        var destination = AllPods.Single(p => p.Key == to);
        ReferenceEvaluator.Allowed(policies, source, source?.PodIPs[0] ?? External, destination, destination.PodIPs[0], Protocol.Tcp, port)
            .ShouldBeFalse(why);
    }

    [Fact]
    public void Generate_ShopFlows_OnePolicyPerWorkloadAndDirection()
    {
        var result = PolicyGenerator.Generate(Observed, AllPods, new PolicyGenerationOptions());
        result.Policies.Select(p => p.Key).ShouldBe(
        [
            "kube-system/coredns-1-ingress",
            "x/web-egress",
            "x/web-ingress",
            "y/api-egress",
            "y/api-ingress",
            "y/db-0-ingress",
        ]);
        result.Policies.Single(p => p.Key == "y/api-ingress").PodSelector.ToString().ShouldBe("app.kubernetes.io/name=api");
        result.Policies.Single(p => p.Key == "y/db-0-ingress").PodSelector.ToString().ShouldBe("role=db,tier=data");
    }

    [Fact]
    public void Generate_PortNamedByEveryDestinationPod_IsWrittenByName()
    {
        var yaml = NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(Observed, AllPods, new PolicyGenerationOptions()).Policies);
        yaml.ShouldContain("port: http");
        yaml.ShouldContain("port: grpc");
        yaml.ShouldContain("port: dns");
        yaml.ShouldContain("port: 5432");
    }

    [Fact]
    public void Generate_PodsDisagreeOnPortName_FallsBackToNumber()
    {
        var unnamedWeb2 = Web2 with { Spec = Web2.Spec with { Containers = [new Container { Name = "c", Ports = [new ContainerPort { Port = 8080 }] }] } };
        var result = PolicyGenerator.Generate([Flow(null, Web1, 8080)], [Web1, unnamedWeb2], new PolicyGenerationOptions());
        result.Policies.Single().Ingress.Single().Ports.Single().Port.ShouldBe(IntOrString.FromNumber(8080));
    }

    [Fact]
    public void Generate_SmallCase_WritesExactKubernetesYaml()
    {
        var result = PolicyGenerator.Generate([Flow(null, Web1, 8080), Flow(Api, Web1, 8080)], [Web1, Web2], new PolicyGenerationOptions { Egress = false });
        NetworkPolicyYamlWriter.Write(result.Policies).ShouldBe("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web-ingress
              namespace: x
              annotations:
                policy.weft.io/generated: from-flows
            spec:
              podSelector:
                matchLabels:
                  app: web
              policyTypes:
              - Ingress
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: "y"
                  podSelector:
                    matchLabels:
                      app.kubernetes.io/name: api
                - ipBlock:
                    cidr: 192.0.2.9/32
                ports:
                - protocol: TCP
                  port: http

            """.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Generate_ShuffledAndDuplicatedFlows_GivesIdenticalYaml()
    {
        var expected = NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(Observed, AllPods, new PolicyGenerationOptions()).Policies);
        var random = new Random(7);
        var shuffled = Observed.Concat(Observed).OrderBy(_ => random.Next()).ToArray();
        NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(shuffled, AllPods, new PolicyGenerationOptions()).Policies).ShouldBe(expected);
    }

    [Fact]
    public void Generate_NamespaceOption_OnlyCoversWorkloadsThere()
    {
        var result = PolicyGenerator.Generate(Observed, AllPods, new PolicyGenerationOptions { Namespace = "y" });
        result.Policies.Select(p => p.Namespace).Distinct().ShouldBe(["y"]);
    }

    [Fact]
    public void Generate_SinceOption_IgnoresOlderFlows()
    {
        var old = Flow(Web1, Db, 5432) with { Time = Flows.T0.AddHours(-1) };
        var result = PolicyGenerator.Generate([old], AllPods, new PolicyGenerationOptions { Since = Flows.T0 });
        result.Policies.ShouldBeEmpty();
    }

    [Fact]
    public void Generate_IcmpFlow_IsReportedAsNotExpressible()
    {
        var icmp = Flow(Web1, Api, 0, IpProtocol.Icmp);
        var result = PolicyGenerator.Generate([icmp], AllPods, new PolicyGenerationOptions());
        result.Policies.ShouldBeEmpty();
        result.Warnings.Single().ShouldContain("cannot express");
    }

    [Fact]
    public void Generate_RandomObservedFlows_AreAllAllowedByTheResult()
    {
        Prop.ForAll<int>(seed =>
        {
            var random = new Random(seed);
            var endpoints = AllPods.Cast<Pod?>().Append(null).ToArray();
            var flows = Enumerable.Range(0, random.Next(1, 12)).Select(_ =>
            {
                var source = endpoints[random.Next(endpoints.Length)];
                var destination = AllPods[random.Next(AllPods.Length)];
                var protocol = random.Next(2) == 0 ? IpProtocol.Tcp : IpProtocol.Udp;
                return Flow(source, destination, random.Next(1, 5) * 1000, protocol);
            }).ToArray();
            var policies = YamlPolicyReader.Read(NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(flows, AllPods, new PolicyGenerationOptions()).Policies));
            return flows.All(f => Allowed(policies, f));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("web", "web")]
    [InlineData("true", "\"true\"")]
    [InlineData("1", "\"1\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("a:b", "\"a:b\"")]
    [InlineData("", "\"\"")]
    [InlineData("kubernetes.io/metadata.name", "kubernetes.io/metadata.name")]
    public void Scalar_AmbiguousStrings_AreQuoted(string value, string expected) =>
        NetworkPolicyYamlWriter.Scalar(value).ShouldBe(expected);

    private static List<NetworkPolicy> GenerateAndReadBack(IEnumerable<FlowRecord> flows)
    {
        var yaml = NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(flows, AllPods, new PolicyGenerationOptions()).Policies);
        return YamlPolicyReader.Read(yaml);
    }

    private static bool Allowed(IReadOnlyList<NetworkPolicy> policies, FlowRecord flow)
    {
        var source = AllPods.SingleOrDefault(p => p.Key == flow.Source.DisplayName);
        var destination = AllPods.Single(p => p.Key == flow.Destination.DisplayName);
        return ReferenceEvaluator.Allowed(
            policies, source, flow.Source.Address, destination, flow.Destination.Address, (Protocol)(byte)flow.Protocol, flow.Destination.Port);
    }

    private static FlowRecord Flow(Pod? source, Pod destination, int port, IpProtocol protocol = IpProtocol.Tcp, FlowVerdict verdict = FlowVerdict.Forwarded) =>
        Flows.Flow(
            source is null ? FlowEndpoint.FromAddress(External, 40000) : Endpoint(source, 40000),
            Endpoint(destination, port),
            verdict,
            protocol);

    internal static FlowEndpoint EndpointOf(Pod pod, int port) => Endpoint(pod, port);

    private static FlowEndpoint Endpoint(Pod pod, int port) => new()
    {
        Address = pod.PodIPs[0],
        Port = port,
        Namespace = pod.Namespace,
        PodName = pod.Name,
        Labels = pod.Metadata.Labels,
    };

    private static Pod Pod(string ns, string name, string ip, (string, string)[] labels, params (string? Name, int Port, Protocol Protocol)[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels.ToImmutableSortedDictionary(l => l.Item1, l => l.Item2) },
        Spec = new PodSpec
        {
            Containers = [new Container { Name = "main", Ports = [.. ports.Select(p => new ContainerPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol })] }],
        },
        PodIPs = [IPAddress.Parse(ip)],
    };
}
