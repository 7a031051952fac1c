using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Flows.Generation;
using Weft.Policy;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;
using Weft.Policy.Inputs;

namespace Weft.Flows.Tests.Generation;

/// <summary>
/// The generated YAML goes through Weft's own manifest decoder and policy engine (the semantics the datapath
/// enforces): it must decode without diagnostics, allow every observed flow and deny the unobserved ones.
/// </summary>
public sealed class GeneratedPoliciesInPolicyEngineTests
{
    private static PolicyModel Compile()
    {
        var flows = PolicyGeneratorTests.Observed.Append(PolicyGeneratorTests.DroppedWeb2ToDb);
        var yaml = NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(flows, PolicyGeneratorTests.AllPods, new PolicyGenerationOptions()).Policies);
        var decoded = ManifestReader.Parse(yaml, "generated.yaml");
        decoded.Diagnostics.ShouldBeEmpty();
        decoded.OfKind<NetworkPolicy>().Count().ShouldBe(6);
        return PolicyCompiler.Compile(PolicyInput.FromResources([.. decoded.Resources, .. PolicyGeneratorTests.AllPods]));
    }

    private static TrafficEndpoint Endpoint(PolicyModel model, FlowEndpoint endpoint)
    {
        if (!endpoint.IsPod)
        {
            return TrafficEndpoint.External(endpoint.Address);
        }

        model.TryFindPod(endpoint.DisplayName, out var index).ShouldBeTrue(endpoint.DisplayName);
        return TrafficEndpoint.Pod(index);
    }

    [Fact]
    public void GeneratedYaml_InPolicyEngine_AllowsEveryObservedFlow()
    {
        var model = Compile();
        foreach (var flow in PolicyGeneratorTests.Observed)
        {
            model.Check(Endpoint(model, flow.Source), Endpoint(model, flow.Destination), (Protocol)(byte)flow.Protocol, flow.Destination.Port)
                .Allowed.ShouldBeTrue($"{flow.Source.DisplayName} -> {flow.Destination.DisplayName}:{flow.Destination.Port}");
        }
    }

    [Theory]
    [InlineData("x/web-1", "y/db-0", 5432)]
    [InlineData("x/web-2", "y/db-0", 5432)]
    [InlineData("external", "y/api-1", 9090)]
    [InlineData("y/api-1", "x/web-1", 8080)]
    [InlineData("y/db-0", "y/api-1", 9090)]
    [InlineData("x/web-1", "y/api-1", 9091)]
    [InlineData("external", "x/web-1", 8081)]
    [InlineData("kube-system/coredns-1", "x/web-1", 8080)]
    public void GeneratedYaml_InPolicyEngine_DeniesUnobservedTraffic(string from, string to, int port)
    {
        var model = Compile();
        model.TryFindPod(to, out var destination).ShouldBeTrue();
        var source = from == "external"
            ? TrafficEndpoint.External(PolicyGeneratorTests.External)
            : model.TryFindPod(from, out var index) ? TrafficEndpoint.Pod(index) : throw new InvalidOperationException(from);
        model.Check(source, TrafficEndpoint.Pod(destination), Protocol.Tcp, port).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void RandomObservedFlows_InPolicyEngine_AreAllAllowed()
    {
        Prop.ForAll<int>(seed =>
        {
            var random = new Random(seed);
            var pods = PolicyGeneratorTests.AllPods;
            var flows = Enumerable.Range(0, random.Next(1, 12)).Select(_ =>
            {
                var source = random.Next(pods.Length + 1) is var s && s < pods.Length
                    ? PolicyGeneratorTests.EndpointOf(pods[s], 40000)
                    : FlowEndpoint.FromAddress(PolicyGeneratorTests.External, 40000);
                var destination = PolicyGeneratorTests.EndpointOf(pods[random.Next(pods.Length)], random.Next(1, 5) * 1000);
                return Flows.Flow(source, destination, random.Next(4) == 0 ? FlowVerdict.Audit : FlowVerdict.Forwarded, random.Next(2) == 0 ? IpProtocol.Tcp : IpProtocol.Udp);
            }).ToArray();
            var yaml = NetworkPolicyYamlWriter.Write(PolicyGenerator.Generate(flows, pods, new PolicyGenerationOptions()).Policies);
            var decoded = ManifestReader.Parse(yaml, "generated.yaml");
            var model = PolicyCompiler.Compile(PolicyInput.FromResources([.. decoded.Resources, .. pods]));
            return !decoded.HasErrors && flows.All(f =>
                model.Check(Endpoint(model, f.Source), Endpoint(model, f.Destination), (Protocol)(byte)f.Protocol, f.Destination.Port).Allowed);
        }).QuickCheckThrowOnFailure();
    }
}
