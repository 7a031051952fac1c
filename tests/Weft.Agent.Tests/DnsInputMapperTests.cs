using System.Net;
using Weft.Agent.ControlPlane;
using Weft.Dns.Zone;

namespace Weft.Agent.Tests;

public sealed class DnsInputMapperTests
{
    [Fact]
    public void Map_HeadlessService_PublishesEachEndpointWithItsHostname()
    {
        var headless = Build.Service("db", "db", "None");
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [headless],
            Build.Pod("db-0", "db", "10.244.0.7", hostname: "db-0", subdomain: "db"),
            Build.Pod("db-1", "db", "10.244.1.7", node: "node-2"));

        var input = DnsInputMapper.Map(snapshot.Services, new SnapshotInputs
        {
            Services = [headless],
            Pods = [Build.Pod("db-0", "db", "10.244.0.7"), Build.Pod("db-1", "db", "10.244.1.7")],
            Namespaces = ["empty"],
        });

        var service = input.Services.ShouldHaveSingleItem();
        service.Kind.ShouldBe(DnsServiceKind.Headless);
        service.ClusterIPs.ShouldBeEmpty();
        service.Ports.ShouldBe([new DnsServicePort("http", DnsPortProtocol.Tcp, 80)]);
        service.Endpoints.Select(e => (e.Addresses.Single().ToString(), e.Hostname, e.PodName))
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ShouldBe([("10.244.0.7", "db-0", "db-0"), ("10.244.1.7", null, "db-1")]);
        input.Pods.Select(p => p.Name).ShouldBe(["db-0", "db-1"]);
        input.Namespaces.ShouldBe(["demo", "empty"]);
    }

    [Fact]
    public void Compile_ClusterIpService_ResolvesToItsAllocatedAddress()
    {
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web")], Build.Pod("web-1", "web", "10.244.0.2"));

        var node = snapshot.Dns.Find("web.demo.svc.cluster.local");

        node.ShouldNotBeNull();
        snapshot.Services.Services["demo/web"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.0.2"));
        snapshot.Revision.ShouldBe(1);
    }

    [Fact]
    public void Compile_ConflictingClusterIp_KeepsThePreviousSnapshot()
    {
        var first = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web")]);
        var thief = Build.Service("thief", "web", "10.96.0.2") with { Source = new Api.Manifests.SourceLocation("thief.yaml", 4, 3) };

        var result = SnapshotCompiler.Compile(first, new SnapshotInputs { Services = [Build.Service("web", "web"), thief] },
            Services.ServiceCompilerOptions.Default, new ClusterDnsOptions());

        result.HasErrors.ShouldBeTrue();
        result.Snapshot.ShouldBeSameAs(first);
        result.Diagnostics.Single().ToString().ShouldBe("thief.yaml:4:3: spec.clusterIP: provided IP 10.96.0.2 is already allocated to service demo/web");
    }
}
