using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Services;
using Weft.Datapath.Testing;
using Weft.Services;

namespace Weft.Datapath.Tests.Services;

public sealed class ServiceDatapathSyncerTests
{
    private static (Cluster Cluster, ServiceDatapathSyncer Syncer, RecordingConntrack Conntrack) Setup()
    {
        var cluster = new Cluster().Service("web", "web").Service("dns", "dns", 53, 5353, Protocol.Udp)
            .Pod("w1", "web", "10.244.1.11").Pod("w2", "web", "10.244.1.12")
            .Pod("d1", "dns", "10.244.1.21").Pod("d2", "dns", "10.244.1.22");
        var conntrack = new RecordingConntrack();
        return (cluster, new ServiceDatapathSyncer(cluster.Nft, conntrack), conntrack);
    }

    [Fact]
    public async Task Sync_First_IsAFullResync()
    {
        var (cluster, syncer, _) = Setup();

        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        result.Outcome.ShouldBe(ServiceSyncOutcome.Applied);
        result.FullResync.ShouldBeTrue();
        cluster.Nft.Applied.Single().Operations[1].ShouldBeOfType<NftOperation.DeleteTable>();
    }

    [Fact]
    public async Task Sync_SamePlanTwice_SendsNothingTheSecondTime()
    {
        var (cluster, syncer, _) = Setup();
        var plan = cluster.Compile();
        await syncer.SyncAsync(plan, CancellationToken.None);

        var second = await syncer.SyncAsync(plan, CancellationToken.None);

        second.Outcome.ShouldBe(ServiceSyncOutcome.Unchanged);
        cluster.Nft.Applied.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Sync_OneEndpointAdded_TouchesOnlyThatServicesChainsAndNoMaps()
    {
        var (cluster, syncer, _) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Pod("w3", "web", "10.244.1.13");

        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        result.FullResync.ShouldBeFalse();
        var ops = cluster.Nft.Applied[^1].Operations.Select(o => o.Render(NftTable.Default)).ToList();
        ops.ShouldAllBe(o => o.Contains("default/web/tcp/p", StringComparison.Ordinal));
        ops.ShouldContain(o => o.StartsWith("add chain ip weft sep-", StringComparison.Ordinal) && o.EndsWith("__10.244.1.13/8080", StringComparison.Ordinal));
        ops.ShouldContain(o => o.StartsWith("flush chain ip weft svc-", StringComparison.Ordinal));
        cluster.Trace(TracePacket.Tcp("10.244.1.100", cluster.ClusterIP("web").ToString(), 80)).Length.ShouldBe(3);
    }

    [Fact]
    public async Task Sync_AfterKernelRefusal_KeepsStateAndResyncsFully()
    {
        var (cluster, syncer, _) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        var before = cluster.Nft.Dump();
        cluster.Pod("w3", "web", "10.244.1.13");
        cluster.Nft.FailNext = "Error: Could not process rule: No buffer space available";

        var failed = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Nft.Dump().ShouldBe(before);
        var retried = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        failed.Outcome.ShouldBe(ServiceSyncOutcome.Failed);
        failed.Error.ShouldNotBeNull().ShouldContain("No buffer space");
        retried.Outcome.ShouldBe(ServiceSyncOutcome.Applied);
        retried.FullResync.ShouldBeTrue();
    }

    [Fact]
    public async Task CheckTable_TableDeletedBehindOurBack_NextSyncRecreatesIt()
    {
        var (cluster, syncer, _) = Setup();
        var plan = cluster.Compile();
        await syncer.SyncAsync(plan, CancellationToken.None);
        await cluster.Nft.ApplyAsync(new NftTransaction(NftTable.Default, [new NftOperation.DeleteTable()], false), CancellationToken.None);

        var present = await syncer.CheckTableAsync(CancellationToken.None);
        var result = await syncer.SyncAsync(plan, CancellationToken.None);

        present.ShouldBeFalse();
        result.FullResync.ShouldBeTrue();
        cluster.Trace(TracePacket.Tcp("10.244.1.100", cluster.ClusterIP("web").ToString(), 80)).Length.ShouldBe(2);
    }

    [Fact]
    public async Task CheckTable_TablePresent_KeepsIncrementalSyncs()
    {
        var (cluster, syncer, _) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Pod("w3", "web", "10.244.1.13");

        (await syncer.CheckTableAsync(CancellationToken.None)).ShouldBeTrue();
        (await syncer.SyncAsync(cluster.Compile(), CancellationToken.None)).FullResync.ShouldBeFalse();
    }

    [Fact]
    public async Task Sync_UdpBackendRemoved_DeletesItsConntrackEntries()
    {
        var (cluster, syncer, conntrack) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Pods.RemoveAll(p => p.Name == "d1");

        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        var filter = conntrack.Deleted.ShouldHaveSingleItem();
        result.ClearedFlows.ShouldHaveSingleItem();
        filter.Protocol.ShouldBe(Protocol.Udp);
        filter.OriginalDestination.ShouldBe(cluster.ClusterIP("dns"));
        filter.OriginalDestinationPort.ShouldBe(53);
        filter.ReplySource!.ToString().ShouldBe("10.244.1.21");
        filter.ReplySourcePort.ShouldBe(5353);
    }

    [Fact]
    public async Task Sync_TcpBackendRemoved_LeavesConntrackAlone()
    {
        var (cluster, syncer, conntrack) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Pods.RemoveAll(p => p.Name == "w1");

        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        conntrack.Deleted.ShouldBeEmpty();
    }

    [Fact]
    public async Task Sync_UdpServiceGainsFirstEndpoint_ClearsEntriesCreatedWhileItHadNone()
    {
        var cluster = new Cluster().Service("dns", "dns", 53, 5353, Protocol.Udp);
        var conntrack = new RecordingConntrack();
        var syncer = new ServiceDatapathSyncer(cluster.Nft, conntrack);
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Pod("d1", "dns", "10.244.1.21");

        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        var filter = conntrack.Deleted.ShouldHaveSingleItem();
        (filter.OriginalDestination, filter.OriginalDestinationPort, filter.ReplySource).ShouldBe((cluster.ClusterIP("dns"), (int?)53, null));
    }

    [Fact]
    public async Task Sync_ServiceRemoved_DeletesItsChainsAndElements()
    {
        var (cluster, syncer, _) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        var ip = cluster.ClusterIP("web").ToString();
        cluster.Services.RemoveAll(s => s.Name == "web");

        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        result.Outcome.ShouldBe(ServiceSyncOutcome.Applied);
        cluster.Nft.Dump().ShouldNotContain("default/web/");
        cluster.Trace(TracePacket.Tcp("10.244.1.100", ip, 80)).ShouldBe(["no-dnat"]);
    }

    [Fact]
    public async Task Sync_LastEndpointRemoved_SwitchesServiceToReject()
    {
        var (cluster, syncer, _) = Setup();
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Pods.RemoveAll(p => p.Name is "w1" or "w2");

        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        cluster.Trace(TracePacket.Tcp("10.244.1.100", cluster.ClusterIP("web").ToString(), 80)).ShouldBe(["reject"]);
    }

    [Fact]
    public async Task Sync_AffinityTimeoutChanged_ReplacesSetsWithoutKernelErrors()
    {
        var cluster = new Cluster().Service("web", "web", configure: s => s with { SessionAffinity = SessionAffinity.ClientIP, SessionAffinityTimeoutSeconds = 60 })
            .Pod("w1", "web", "10.244.1.11");
        var syncer = new ServiceDatapathSyncer(cluster.Nft, new RecordingConntrack());
        await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);
        cluster.Services[0] = cluster.Services[0] with { SessionAffinityTimeoutSeconds = 120 };

        var result = await syncer.SyncAsync(cluster.Compile(), CancellationToken.None);

        result.Outcome.ShouldBe(ServiceSyncOutcome.Applied);
        result.FullResync.ShouldBeFalse();
        cluster.Nft.Dump().ShouldContain("timeout 120s");
        cluster.Nft.Dump().ShouldNotContain("timeout 60s");
    }
}
