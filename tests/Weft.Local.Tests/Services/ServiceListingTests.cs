using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Weft.Agent;
using Weft.Agent.ControlPlane;
using Weft.Api.Resources;
using Weft.Dns.Zone;
using Weft.Local.Daemon;
using Weft.Local.Runtime;
using Weft.Services;

namespace Weft.Local.Tests.Services;

public sealed class ServiceListingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_ServicesTable_HasKubectlColumnsAndOnlyTheNamespace()
    {
        var text = ServiceListing.Render(ServiceListing.Services, Snapshot(), Created(), "demo", false, "table", Now);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("NAME   TYPE");
        lines.ShouldContain(l => l.StartsWith("web ", StringComparison.Ordinal) && l.Contains("10.96.0.2", StringComparison.Ordinal) && l.Contains("80:30080/TCP", StringComparison.Ordinal) && l.EndsWith("2m", StringComparison.Ordinal));
        text.ShouldNotContain("other");
    }

    [Fact]
    public void Render_EndpointSlicesJson_IsAListWithConditionsAndTargetRefs()
    {
        var text = ServiceListing.Render(ServiceListing.EndpointSlices, Snapshot(), Created(), "", true, "json", Now);

        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("kind").GetString().ShouldBe("List");
        var slice = json.RootElement.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("metadata").GetProperty("namespace").GetString() == "demo");
        slice.GetProperty("kind").GetString().ShouldBe("EndpointSlice");
        slice.GetProperty("metadata").GetProperty("labels").GetProperty("kubernetes.io/service-name").GetString().ShouldBe("web");
        var endpoint = slice.GetProperty("endpoints")[0];
        endpoint.GetProperty("addresses")[0].GetString().ShouldBe("10.244.0.2");
        endpoint.GetProperty("conditions").GetProperty("ready").GetBoolean().ShouldBeTrue();
        endpoint.GetProperty("targetRef").GetProperty("name").GetString().ShouldBe("web-1");
    }

    [Fact]
    public void Render_ServicesYaml_PrintsSpecWithNodePorts()
    {
        var text = ServiceListing.Render(ServiceListing.Services, Snapshot(), Created(), "demo", false, "yaml", Now);

        text.ShouldContain("kind: Service");
        text.ShouldContain("clusterIP: 10.96.0.2");
        text.ShouldContain("nodePort: 30080");
    }

    [Fact]
    public void Render_NothingInTheNamespace_SaysSo() =>
        ServiceListing.Render(ServiceListing.Services, Snapshot(), Created(), "empty", false, "table", Now).ShouldBe("No resources found.\n");

    [Fact]
    public void ServiceAllocation_RoundTrip_GivesRecompiledServicesTheirAddressesBack()
    {
        var snapshot = Snapshot();

        var previous = ServiceAllocation.ToModel(ServiceAllocation.From(snapshot.Services));
        var recompiled = ServiceCompiler.Compile(previous, new ServiceInputs { Services = [Service("web", "demo", ServiceType.NodePort), Service("other", "elsewhere")] });

        recompiled.Diagnostics.ShouldBeEmpty();
        recompiled.Model.Services["demo/web"].ClusterIP.ShouldBe(snapshot.Services.Services["demo/web"].ClusterIP);
        recompiled.Model.Services["demo/web"].Ports[0].NodePort.ShouldBe(30080);
        recompiled.Model.Services["elsewhere/other"].ClusterIP.ShouldBe(snapshot.Services.Services["elsewhere/other"].ClusterIP);
    }

    private static Dictionary<string, DateTimeOffset> Created() =>
        new Dictionary<string, DateTimeOffset> { ["demo/web"] = Now.AddMinutes(-2), ["elsewhere/other"] = Now.AddMinutes(-1) };

    private static ClusterSnapshot Snapshot()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "web-1", Namespace = "demo", Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", "web")]) },
            Spec = new PodSpec { NodeName = "node-1", Containers = [new Container { Name = "main" }] },
            PodIPs = [IPAddress.Parse("10.244.0.2")],
        };
        var result = SnapshotCompiler.Compile(ClusterSnapshot.Empty, new SnapshotInputs
        {
            Services = [Service("web", "demo", ServiceType.NodePort, nodePort: 30080), Service("other", "elsewhere")],
            Pods = [pod],
        }, ServiceCompilerOptions.Default, new ClusterDnsOptions());
        result.Diagnostics.ShouldBeEmpty();
        return result.Snapshot;
    }

    private static Service Service(string name, string ns, ServiceType type = ServiceType.ClusterIP, int? nodePort = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Type = type,
        Selector = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", name)]),
        Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromNumber(80), NodePort = nodePort }],
    };
}
