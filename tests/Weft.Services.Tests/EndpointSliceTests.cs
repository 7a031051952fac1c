using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Services.Tests;

public sealed class EndpointSliceTests
{
    private static ServiceModel Compile(Service service, ImmutableDictionary<string, PodStatus>? statuses = null, params Pod[] pods) =>
        Build.CompileOk(ServiceModel.Empty, new ServiceInputs
        {
            Services = [service],
            Pods = [.. pods],
            PodStatuses = statuses ?? ImmutableDictionary<string, PodStatus>.Empty,
        });

    [Fact]
    public void Compile_SelectedPods_BecomeReadyEndpointsWithResolvedPort()
    {
        var model = Compile(Build.Service("web", app: "web"), null,
            Build.Pod("web-1", "web", "10.244.1.5"), Build.Pod("web-2", "web", "10.244.2.5", node: "node2"), Build.Pod("db", "db", "10.244.1.9"));

        var slice = model.EndpointSlices.ShouldHaveSingleItem();
        slice.ServiceName.ShouldBe("web");
        slice.Ports.ShouldHaveSingleItem().Port.ShouldBe(8080);
        slice.Endpoints.Select(e => e.Addresses[0]).ShouldBe(["10.244.1.5", "10.244.2.5"]);
        slice.Endpoints.Select(e => e.NodeName).ShouldBe(["node1", "node2"]);
        slice.Endpoints.ShouldAllBe(e => e.Ready == true && e.Serving == true && e.Terminating == false);
    }

    [Fact]
    public void Compile_PodsInOtherNamespaces_AreNotSelected()
    {
        var model = Compile(Build.Service("web", app: "web"), null, Build.Pod("web-1", "web", "10.244.1.5", ns: "other"));

        model.EndpointSlices.ShouldHaveSingleItem().Endpoints.ShouldBeEmpty();
        model.Services["default/web"].Ports[0].Backends.ShouldBeEmpty();
    }

    [Fact]
    public void Compile_NamedTargetPort_ResolvesPerPodAndSplitsSlicesByPortMapping()
    {
        var service = Build.Service("web", app: "web", ports: [Build.Port(80, "http", IntOrString.FromName("web"))]);

        var model = Compile(service, null,
            Build.Pod("a", "web", "10.244.1.1", ports: new ContainerPort { Name = "web", Port = 8080 }),
            Build.Pod("b", "web", "10.244.1.2", ports: new ContainerPort { Name = "web", Port = 9090 }),
            Build.Pod("c", "web", "10.244.1.3", ports: new ContainerPort { Name = "web", Port = 8080 }));

        model.EndpointSlices.Length.ShouldBe(2);
        model.EndpointSlices.Single(s => s.Ports[0].Port == 8080).Endpoints.Select(e => e.Addresses[0]).ShouldBe(["10.244.1.1", "10.244.1.3"]);
        model.Services["default/web"].Ports[0].Backends.Select(b => b.ToString()).ShouldBe(["10.244.1.1:8080", "10.244.1.2:9090", "10.244.1.3:8080"]);
    }

    [Fact]
    public void Compile_PodWithoutTheNamedPort_HasNoBackendForThatPort()
    {
        var service = Build.Service("web", app: "web", ports: [Build.Port(80, "http", IntOrString.FromName("web")), Build.Port(9100, "metrics", IntOrString.FromNumber(9100))]);

        var model = Compile(service, null,
            Build.Pod("a", "web", "10.244.1.1", ports: new ContainerPort { Name = "web", Port = 8080 }),
            Build.Pod("b", "web", "10.244.1.2"));

        var ports = model.Services["default/web"].Ports;
        ports[0].Backends.Select(b => b.Address.ToString()).ShouldBe(["10.244.1.1"]);
        ports[1].Backends.Select(b => b.Address.ToString()).ShouldBe(["10.244.1.1", "10.244.1.2"]);
        model.EndpointSlices.Single(s => s.Endpoints[0].Addresses[0] == "10.244.1.2").Ports.Select(p => p.Name).ShouldBe(["metrics"]);
    }

    [Fact]
    public void Compile_NamedPortWithOtherProtocol_DoesNotResolve()
    {
        var service = Build.Service("dns", app: "dns", ports: [Build.Port(53, "dns", IntOrString.FromName("dns"), Protocol.Udp)]);

        var model = Compile(service, null, Build.Pod("a", "dns", "10.244.1.1", ports: new ContainerPort { Name = "dns", Port = 53, Protocol = Protocol.Tcp }));

        model.Services["default/dns"].Ports[0].Backends.ShouldBeEmpty();
    }

    [Fact]
    public void Compile_MoreThanMaxEndpoints_SplitsIntoSlicesOfAtMostMax()
    {
        var pods = Enumerable.Range(1, 250).Select(i => Build.Pod($"p{i:D3}", "web", $"10.244.{i / 200}.{(i % 200) + 1}")).ToArray();

        var model = Compile(Build.Service("web", app: "web"), null, pods);

        model.EndpointSlices.Select(s => s.Endpoints.Length).OrderDescending().ShouldBe([100, 100, 50]);
        model.EndpointSlices.Select(s => s.Name).Distinct().Count().ShouldBe(3);
        model.Services["default/web"].Ports[0].Backends.Length.ShouldBe(250);
    }

    [Fact]
    public void Compile_SameInputTwice_GivesSameSliceNames()
    {
        var pod = Build.Pod("a", "web", "10.244.1.1");

        var first = Compile(Build.Service("web", app: "web"), null, pod);
        var second = Compile(Build.Service("web", app: "web"), null, pod);

        second.EndpointSlices.Select(s => s.Name).ShouldBe(first.EndpointSlices.Select(s => s.Name));
    }

    [Fact]
    public void Compile_NotReadyPod_IsNotReadyNorServing()
    {
        var statuses = ImmutableDictionary<string, PodStatus>.Empty.Add("default/a", new PodStatus(Ready: false));

        var model = Compile(Build.Service("web", app: "web"), statuses, Build.Pod("a", "web", "10.244.1.1"));

        var endpoint = model.EndpointSlices.Single().Endpoints.Single();
        endpoint.Ready.ShouldBe(false);
        endpoint.Serving.ShouldBe(false);
        model.Services["default/web"].Ports[0].Backends.Single().Ready.ShouldBeFalse();
    }

    [Fact]
    public void Compile_TerminatingReadyPod_IsServingButNotReady()
    {
        var statuses = ImmutableDictionary<string, PodStatus>.Empty.Add("default/a", new PodStatus(Ready: true, Terminating: true));

        var model = Compile(Build.Service("web", app: "web"), statuses, Build.Pod("a", "web", "10.244.1.1"));

        var endpoint = model.EndpointSlices.Single().Endpoints.Single();
        (endpoint.Ready, endpoint.Serving, endpoint.Terminating).ShouldBe((false, true, true));
    }

    [Fact]
    public void Compile_PublishNotReadyAddresses_MarksNotReadyPodsReady()
    {
        var statuses = ImmutableDictionary<string, PodStatus>.Empty.Add("default/a", new PodStatus(Ready: false));
        var service = Build.Service("web", app: "web") with { PublishNotReadyAddresses = true };

        var model = Compile(service, statuses, Build.Pod("a", "web", "10.244.1.1"));

        model.EndpointSlices.Single().Endpoints.Single().Ready.ShouldBe(true);
    }

    [Fact]
    public void Compile_PodWithoutIP_IsLeftOut()
    {
        var pod = Build.Pod("a", "web", "10.244.1.1") with { PodIPs = [] };

        var model = Compile(Build.Service("web", app: "web"), null, pod);

        model.EndpointSlices.Single().Endpoints.ShouldBeEmpty();
    }

    [Fact]
    public void Compile_HostnameAndMatchingSubdomain_SetEndpointHostname()
    {
        var pod = Build.Pod("a", "web", "10.244.1.1");
        pod = pod with { Spec = pod.Spec with { Hostname = "web-0", Subdomain = "web" } };

        var model = Compile(Build.Service("web", app: "web", clusterIP: "None"), null, pod);

        model.EndpointSlices.Single().Endpoints.Single().Hostname.ShouldBe("web-0");
    }

    [Fact]
    public void Compile_ServiceWithoutSelector_KeepsUserProvidedSlices()
    {
        var userSlice = new EndpointSlice
        {
            Metadata = new ObjectMeta
            {
                Name = "external-1",
                Namespace = "default",
                Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("kubernetes.io/service-name", "ext")]),
            },
            Ports = [new EndpointPort { Name = "http", Port = 9000 }],
            Endpoints = [new Endpoint { Addresses = ["192.0.2.10"] }],
        };

        var model = Build.CompileOk(ServiceModel.Empty, new ServiceInputs { Services = [Build.Service("ext")], EndpointSlices = [userSlice] });

        model.EndpointSlices.ShouldHaveSingleItem().Name.ShouldBe("external-1");
        model.Services["default/ext"].Ports[0].Backends.Single().ToString().ShouldBe("192.0.2.10:9000");
        model.Services["default/ext"].HasSelector.ShouldBeFalse();
    }

    [Fact]
    public void Compile_UnsetTargetPort_DefaultsToServicePort()
    {
        var service = Build.Service("web", app: "web", ports: [Build.Port(80, "http")]);

        var model = Compile(service, null, Build.Pod("a", "web", "10.244.1.1"));

        model.Services["default/web"].Ports[0].Backends.Single().Port.ShouldBe(80);
    }

    [Fact]
    public void Compile_BackendAddresses_AreParsedIps()
    {
        var model = Compile(Build.Service("web", app: "web"), null, Build.Pod("a", "web", "10.244.1.1"));

        model.Services["default/web"].Ports[0].Backends.Single().Address.ShouldBe(IPAddress.Parse("10.244.1.1"));
    }
}
