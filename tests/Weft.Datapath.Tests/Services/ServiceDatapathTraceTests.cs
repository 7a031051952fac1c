using Weft.Api.Resources;
using Weft.Datapath.Testing;
using Weft.Services;

namespace Weft.Datapath.Tests.Services;

/// <summary>Packets traced through the rendered ruleset: what reaches which backend, not how rules are spelled.</summary>
public sealed class ServiceDatapathTraceTests
{
    private const string Client = "10.244.1.100";

    [Fact]
    public async Task ClusterIP_FromPod_ReachesEveryReadyBackendWithoutMasquerade()
    {
        var cluster = await new Cluster().Service("web", "web")
            .Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.2.12", node: "node2").Pod("w3", "web", "10.244.1.13").ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80))
            .ShouldBe(["10.244.1.11:8080", "10.244.1.13:8080", "10.244.2.12:8080"]);
    }

    [Fact]
    public async Task ClusterIP_WrongPortOrProtocol_IsNotTouched()
    {
        var cluster = await new Cluster().Service("web", "web").Pod("w1", "web", "10.244.1.11").ProgramAsync();
        var ip = cluster.ClusterIP("web").ToString();

        cluster.Trace(TracePacket.Tcp(Client, ip, 81)).ShouldBe(["no-dnat"]);
        cluster.Trace(TracePacket.Udp(Client, ip, 80)).ShouldBe(["no-dnat"]);
    }

    [Fact]
    public async Task ClusterIP_FromLocalProcess_IsDnatedInOutputHook()
    {
        var cluster = await new Cluster().Service("web", "web").Pod("w1", "web", "10.244.1.11").ProgramAsync();

        var outcomes = cluster.Trace(new TracePacket(System.Net.IPAddress.Parse(Cluster.NodeAddress), cluster.ClusterIP("web"), Protocol.Tcp, 80, FromLocalProcess: true));

        outcomes.ShouldBe(["10.244.1.11:8080"]);
    }

    [Fact]
    public async Task ClusterIP_BackendReachingItself_IsMasqueradedForHairpin()
    {
        var cluster = await new Cluster().Service("web", "web").Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.1.12").ProgramAsync();

        cluster.Trace(TracePacket.Tcp("10.244.1.11", cluster.ClusterIP("web").ToString(), 80))
            .ShouldBe(["10.244.1.11:8080 masq", "10.244.1.12:8080"]);
    }

    [Fact]
    public async Task ClusterIP_NoEndpoints_RejectsTcpAndUdp()
    {
        var cluster = await new Cluster().Service("web", "web").Service("dns", "dns", 53, 53, Protocol.Udp).ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["reject"]);
        cluster.Trace(TracePacket.Udp(Client, cluster.ClusterIP("dns").ToString(), 53)).ShouldBe(["reject"]);
    }

    [Fact]
    public async Task ClusterIP_NotReadyBackends_AreNotUsed()
    {
        var cluster = new Cluster().Service("web", "web").Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.1.12");
        cluster.Statuses["default/w2"] = new PodStatus(Ready: false);
        await cluster.ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["10.244.1.11:8080"]);
    }

    [Fact]
    public async Task ClusterIP_OnlyTerminatingServingBackends_AreStillUsed()
    {
        var cluster = new Cluster().Service("web", "web").Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.1.12");
        cluster.Statuses["default/w1"] = new PodStatus(Ready: true, Terminating: true);
        cluster.Statuses["default/w2"] = new PodStatus(Ready: false, Terminating: true);
        await cluster.ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["10.244.1.11:8080"]);
    }

    [Fact]
    public async Task ClusterIP_NamedTargetPort_DnatsToEachPodsOwnPort()
    {
        var cluster = await new Cluster()
            .Service("web", "web", configure: s => s with { Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromName("web") }] })
            .Pod("w1", "web", "10.244.1.11", ports: new ContainerPort { Name = "web", Port = 8080 })
            .Pod("w2", "web", "10.244.1.12", ports: new ContainerPort { Name = "web", Port = 9090 })
            .Pod("w3", "web", "10.244.1.13")
            .ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["10.244.1.11:8080", "10.244.1.12:9090"]);
    }

    [Fact]
    public async Task ClientIPAffinity_RecordedClient_StaysOnItsBackend()
    {
        var cluster = await new Cluster().Service("web", "web", configure: s => s with { SessionAffinity = SessionAffinity.ClientIP, SessionAffinityTimeoutSeconds = 60 })
            .Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.1.12").Pod("w3", "web", "10.244.1.13").ProgramAsync();
        var packet = TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80);

        var first = cluster.Tracer().Trace(packet);
        first.Length.ShouldBe(3);
        var chosen = first.Single(o => o.DnatTo!.ToString() == "10.244.1.12:8080");
        cluster.Nft.RecordAffinity(chosen.AffinityUpdates.ShouldHaveSingleItem(), Client);

        cluster.Trace(packet).ShouldBe(["10.244.1.12:8080"]);
        cluster.Trace(TracePacket.Tcp("10.244.1.200", cluster.ClusterIP("web").ToString(), 80)).Length.ShouldBe(3);
    }

    [Fact]
    public async Task NodePort_FromOutside_ReachesAllBackendsMasqueraded()
    {
        var cluster = await new Cluster().Service("web", "web", type: ServiceType.NodePort)
            .Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.2.12", node: "node2").ProgramAsync();

        cluster.Trace(TracePacket.Tcp("172.31.0.99", Cluster.NodeAddress, cluster.NodePort("web")))
            .ShouldBe(["10.244.1.11:8080 masq", "10.244.2.12:8080 masq"]);
    }

    [Fact]
    public async Task NodePort_OnAnotherAddress_IsNotTouched()
    {
        var cluster = await new Cluster().Service("web", "web", type: ServiceType.NodePort).Pod("w1", "web", "10.244.1.11").ProgramAsync();

        cluster.Trace(TracePacket.Tcp("172.31.0.99", "172.31.0.2", cluster.NodePort("web"))).ShouldBe(["no-dnat"]);
    }

    [Fact]
    public async Task NodePort_ExternalTrafficPolicyLocal_UsesLocalBackendsAndKeepsClientAddress()
    {
        var cluster = await new Cluster().Service("web", "web", type: ServiceType.NodePort, configure: s => s with { ExternalTrafficPolicy = TrafficPolicy.Local })
            .Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.2.12", node: "node2").ProgramAsync();

        cluster.Trace(TracePacket.Tcp("172.31.0.99", Cluster.NodeAddress, cluster.NodePort("web"))).ShouldBe(["10.244.1.11:8080"]);
        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["10.244.1.11:8080", "10.244.2.12:8080"]);
    }

    [Fact]
    public async Task NodePort_ExternalTrafficPolicyLocalWithoutLocalBackends_Drops()
    {
        var cluster = await new Cluster().Service("web", "web", type: ServiceType.NodePort, configure: s => s with { ExternalTrafficPolicy = TrafficPolicy.Local })
            .Pod("w2", "web", "10.244.2.12", node: "node2").ProgramAsync();

        cluster.Trace(TracePacket.Tcp("172.31.0.99", Cluster.NodeAddress, cluster.NodePort("web"))).ShouldBe(["drop"]);
    }

    [Fact]
    public async Task NodePort_NoEndpointsAtAll_Rejects()
    {
        var cluster = await new Cluster().Service("web", "web", type: ServiceType.NodePort).ProgramAsync();

        cluster.Trace(TracePacket.Tcp("172.31.0.99", Cluster.NodeAddress, cluster.NodePort("web"))).ShouldBe(["reject"]);
    }

    [Fact]
    public async Task InternalTrafficPolicyLocal_UsesOnlyLocalBackends()
    {
        var cluster = await new Cluster().Service("web", "web", configure: s => s with { InternalTrafficPolicy = TrafficPolicy.Local })
            .Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.2.12", node: "node2").ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["10.244.1.11:8080"]);
    }

    [Fact]
    public async Task InternalTrafficPolicyLocal_WithoutLocalBackends_Drops()
    {
        var cluster = await new Cluster().Service("web", "web", configure: s => s with { InternalTrafficPolicy = TrafficPolicy.Local })
            .Pod("w2", "web", "10.244.2.12", node: "node2").ProgramAsync();

        cluster.Trace(TracePacket.Tcp(Client, cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["drop"]);
    }

    [Fact]
    public async Task HeadlessService_HasNoVirtualIP()
    {
        var cluster = await new Cluster().Service("web", "web", configure: s => s with { ClusterIP = "None" }).Pod("w1", "web", "10.244.1.11").ProgramAsync();

        cluster.Compile().Ports.ShouldBeEmpty();
    }
}
