using System.Net;
using Weft.Api.Manifests;
using Weft.Cli.Commands.Dns;
using Weft.Dns.Zone;

namespace Weft.Cli.Tests.Dns;

public class ManifestDnsInputTests
{
    private const string Manifests = """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          clusterIP: 10.96.0.20
          ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: shop}
        spec:
          clusterIP: None
          publishNotReadyAddresses: true
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: db-abc
          namespace: shop
          labels: {kubernetes.io/service-name: db}
        addressType: IPv4
        endpoints:
        - addresses: [10.244.1.5]
          hostname: db-0
          targetRef: {kind: Pod, name: db-0, namespace: shop}
        - addresses: [10.244.2.6]
          conditions: {ready: false}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: search}
        spec:
          type: ExternalName
          externalName: search.example.com
        """;

    [Fact]
    public void From_Manifests_MapsServicesEndpointsAndExternalNames()
    {
        var loaded = ManifestReader.Parse(Manifests, "test.yaml");
        loaded.HasErrors.ShouldBeFalse(string.Join('\n', loaded.Diagnostics));

        var input = ManifestDnsInput.From(loaded.Resources);

        var web = input.Services.Single(s => s.Name == "web");
        web.Kind.ShouldBe(DnsServiceKind.ClusterIP);
        web.ClusterIPs.ShouldBe([IPAddress.Parse("10.96.0.20")]);
        web.Ports.ShouldBe([new DnsServicePort("http", DnsPortProtocol.Tcp, 80), new DnsServicePort("dns", DnsPortProtocol.Udp, 53)]);

        var db = input.Services.Single(s => s.Name == "db");
        db.Kind.ShouldBe(DnsServiceKind.Headless);
        db.PublishNotReadyAddresses.ShouldBeTrue();
        db.Endpoints.Select(e => (e.Addresses.Single().ToString(), e.Ready, e.Hostname))
            .ShouldBe([("10.244.1.5", true, "db-0"), ("10.244.2.6", false, (string?)null)]);

        var search = input.Services.Single(s => s.Name == "search");
        search.Kind.ShouldBe(DnsServiceKind.ExternalName);
        search.Namespace.ShouldBe("default");
        search.ExternalName.ShouldBe("search.example.com");
    }
}
