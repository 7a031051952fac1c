using Weft.Api.Resources;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Nftables;
using Weft.Datapath.Services;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>
/// The service datapath on the real kernel: plans compiled by the real compiler, programmed with real nft into
/// the testbed's node namespace, exercised with curl and UDP from the client and the underlay peer.
/// </summary>
[Collection("wtsvc-privileged")]
public sealed class ServiceDatapathPrivilegedTests(ServiceTestbed bed) : IClassFixture<ServiceTestbed>
{
    private const string ClusterIP = "10.96.0.50";

    private static Cluster Backends(Cluster cluster, string app, params int[] which)
    {
        foreach (var i in which)
        {
            cluster.Pod($"{app}{i}", app, ServiceTestbed.BackendAddress(i));
        }

        return cluster;
    }

    private static Cluster Web(Func<Service, Service>? configure = null, ServiceType type = ServiceType.ClusterIP) =>
        new Cluster().Service("web", "web", 80, 8080, type: type, configure: s => (configure ?? (x => x))(s with { ClusterIP = ClusterIP }));

    private async Task<ServiceDatapathSyncer> ProgramAsync(Cluster cluster)
    {
        var syncer = new ServiceDatapathSyncer(new NetnsNftables(bed.Node), new NetnsConntrack(bed.Node));
        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        result.Error.ShouldBeNull();
        result.Outcome.ShouldBe(ServiceSyncOutcome.Applied);
        return syncer;
    }

    [PrivilegedFact]
    public async Task ClusterIP_FromClient_ReachesEveryBackend()
    {
        await ProgramAsync(Backends(Web(), "web", 1, 2, 3));

        var answers = await bed.CurlAsync(bed.Client, $"http://{ClusterIP}/", 60);

        answers.Count.ShouldBe(60);
        answers.Distinct().Order().ShouldBe(["be1", "be2", "be3"]);
    }

    [PrivilegedFact]
    public async Task ClientIPAffinity_RepeatedConnections_StickToOneBackend()
    {
        await ProgramAsync(Backends(Web(s => s with { SessionAffinity = SessionAffinity.ClientIP, SessionAffinityTimeoutSeconds = 600 }), "web", 1, 2, 3));

        var answers = await bed.CurlAsync(bed.Client, $"http://{ClusterIP}/", 20);

        answers.Count.ShouldBe(20);
        answers.Distinct().ShouldHaveSingleItem();
    }

    [PrivilegedFact]
    public async Task RemovedBackend_IncrementalSync_GetsNoMoreTraffic()
    {
        var cluster = Backends(Web(), "web", 1, 2, 3);
        var syncer = await ProgramAsync(cluster);
        cluster.Pods.RemoveAll(p => p.Name == "web2");

        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        var answers = await bed.CurlAsync(bed.Client, $"http://{ClusterIP}/", 40);

        result.FullResync.ShouldBeFalse();
        result.Outcome.ShouldBe(ServiceSyncOutcome.Applied);
        answers.Count.ShouldBe(40);
        answers.Distinct().Order().ShouldBe(["be1", "be3"]);
    }

    [PrivilegedFact]
    public async Task UdpBackendReplaced_ConntrackCleanup_MovesTheSameFlowToTheNewBackend()
    {
        var cluster = new Cluster().Service("dns", "dns", 53, 5353, Protocol.Udp, configure: s => s with { ClusterIP = "10.96.0.53" });
        Backends(cluster, "dns", 1);
        var syncer = await ProgramAsync(cluster);
        (await bed.UdpAsync(bed.Client, "10.96.0.53", 53, 40053)).ShouldBe("be1");

        cluster.Pods.Clear();
        Backends(cluster, "dns", 2);
        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        // Same 5-tuple: without the conntrack deletion the old entry would keep sending it to be1, which still runs.
        result.ClearedFlows.ShouldNotBeEmpty();
        (await bed.UdpAsync(bed.Client, "10.96.0.53", 53, 40053)).ShouldBe("be2");
    }

    [PrivilegedFact]
    public async Task EstablishedConnection_ToRemainingBackend_SurvivesIncrementalAndFullResyncs()
    {
        var cluster = new Cluster().Service("sess", "sess", 7000, 7000, configure: s => s with { ClusterIP = "10.96.0.70" });
        Backends(cluster, "sess", 1, 2);
        var syncer = await ProgramAsync(cluster);
        using var session = bed.StartTcpSession("10.96.0.70", 7000);
        var backend = (await session.AskAsync()).ShouldNotBeNull();
        backend.ShouldBeOneOf("be1", "be2");

        // Remove the other backend and add a new one: the connection's backend stays, so the connection must too.
        cluster.Pods.RemoveAll(p => p.Name != $"sess{backend[^1]}");
        Backends(cluster, "sess", 3);
        (await syncer.SyncAsync(cluster.Compile(), CancellationToken.None)).FullResync.ShouldBeFalse();
        var afterIncremental = await session.AskAsync();
        syncer.RequestFullResync();
        (await syncer.SyncAsync(cluster.Compile(), CancellationToken.None)).FullResync.ShouldBeTrue();
        var afterFull = await session.AskAsync();

        (afterIncremental, afterFull).ShouldBe((backend, backend));
    }

    [PrivilegedFact]
    public async Task NodePort_FromUnderlayPeer_ReachesBackends()
    {
        var cluster = Backends(Web(type: ServiceType.NodePort), "web", 1, 2);
        await ProgramAsync(cluster);

        var answers = await bed.CurlAsync(bed.External, $"http://{ServiceTestbed.NodeAddress}:{cluster.NodePort("web")}/", 20);

        answers.Count.ShouldBe(20);
        answers.ShouldAllBe(a => a == "be1" || a == "be2");
    }

    [PrivilegedFact]
    public async Task Hairpin_BackendReachesItselfThroughTheService()
    {
        await ProgramAsync(Backends(Web(), "web", 1));

        var answers = await bed.CurlAsync(bed.BackendNamespace(1), $"http://{ClusterIP}/", 3);

        // Without the masquerade the reply would go from be1 to itself, bypassing the node's un-DNAT.
        answers.ShouldBe(["be1", "be1", "be1"]);
    }

    [PrivilegedFact]
    public async Task ServiceWithoutEndpoints_IsRefusedAtOnce()
    {
        await ProgramAsync(Web());

        var result = await bed.Exec(bed.Client, "curl", "-s", "--max-time", "3", $"http://{ClusterIP}/");

        // curl exit 7: connection refused (the ICMP port unreachable from nft reject), not 28 (timeout).
        result.ExitCode.ShouldBe(7);
    }

    [PrivilegedFact]
    public async Task Sync_OwnsOnlyItsTable()
    {
        await ProgramAsync(Backends(Web(), "web", 1));

        var tables = await bed.Exec(bed.Node, "nft", "list", "tables");
        var listed = await new NetnsNftables(bed.Node).ListTableAsync(NftTable.Default, CancellationToken.None);

        tables.StandardOutput.Trim().ShouldBe("table ip weft");
        listed.ShouldNotBeNull().ShouldContain("service-ips");
    }
}
