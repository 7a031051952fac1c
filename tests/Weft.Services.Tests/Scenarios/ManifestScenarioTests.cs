using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Services.Tests.Scenarios;

/// <summary>Manifests in, service model out: the path the control plane takes.</summary>
public sealed class ManifestScenarioTests
{
    private const string Shop = """
        apiVersion: v1
        kind: Service
        metadata: {name: cart, namespace: shop}
        spec:
          selector: {app: cart}
          ports:
          - {name: http, port: 80, targetPort: web}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: front, namespace: shop}
        spec:
          type: NodePort
          clusterIP: 10.96.0.80
          selector: {app: front}
          ports:
          - {name: http, port: 80, targetPort: 8080, nodePort: 30080}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: cart-1, namespace: shop, labels: {app: cart}}
        spec:
          nodeName: node1
          containers:
          - name: cart
            ports: [{name: web, containerPort: 9000}]
        status: {podIP: 10.244.1.5}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: front-1, namespace: shop, labels: {app: front}}
        spec:
          nodeName: node2
          containers: [{name: front}]
        status: {podIP: 10.244.2.7}
        """;

    private static ServiceInputs Inputs(ManifestLoadResult loaded) => new()
    {
        Services = [.. loaded.OfKind<Service>()],
        Pods = [.. loaded.OfKind<Pod>()],
        EndpointSlices = [.. loaded.OfKind<EndpointSlice>()],
    };

    [Fact]
    public void Compile_ShopManifests_GivesAddressesPortsAndBackends()
    {
        var loaded = ManifestReader.Parse(Shop, "shop.yaml");
        loaded.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();

        var model = ServiceCompiler.Compile(ServiceModel.Empty, Inputs(loaded)).Model;

        var cart = model.Services["shop/cart"];
        cart.ClusterIP!.ToString().ShouldBe("10.96.0.2");
        cart.Ports.Single().Backends.Single().ToString().ShouldBe("10.244.1.5:9000");
        var front = model.Services["shop/front"];
        front.ClusterIP!.ToString().ShouldBe("10.96.0.80");
        front.Ports.Single().NodePort.ShouldBe(30080);
        front.Ports.Single().Backends.Single().NodeName.ShouldBe("node2");
    }

    [Fact]
    public void Compile_SecondManifestTakingAnAllocatedAddress_PointsAtItsDocument()
    {
        var first = ServiceCompiler.Compile(ServiceModel.Empty, Inputs(ManifestReader.Parse(Shop, "shop.yaml"))).Model;
        const string clash = """
            apiVersion: v1
            kind: Service
            metadata: {name: intruder, namespace: shop}
            spec:
              clusterIP: 10.96.0.80
              ports: [{port: 80}]
            """;
        var loaded = ManifestReader.Parse(Shop, "shop.yaml");
        var extra = ManifestReader.Parse(clash, "intruder.yaml");

        var result = ServiceCompiler.Compile(first, Inputs(loaded) with { Services = [.. loaded.OfKind<Service>(), .. extra.OfKind<Service>()] });

        result.Model.ShouldBeSameAs(first);
        result.Diagnostics.Single().ToString().ShouldStartWith("intruder.yaml:");
        result.Diagnostics.Single().ToString().ShouldEndWith(": spec.clusterIP: provided IP 10.96.0.80 is already allocated to service shop/front");
    }
}
