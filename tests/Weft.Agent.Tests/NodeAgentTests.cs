using System.Net;
using System.Net.Sockets;
using Weft.Agent.Datapaths;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Nftables;
using Weft.Datapath.Testing;

namespace Weft.Agent.Tests;

public sealed class NodeAgentTests
{
    private static readonly IPAddress DnsAddress = IPAddress.Parse("10.96.0.10");

    [Fact]
    public async Task Publish_ServiceWithBackend_ProgramsTheNodeTableInOneTransaction()
    {
        var nftables = new InMemoryNftables();
        await using var agent = Agent(nftables);
        await agent.StartAsync(CancellationToken.None);
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web")], Build.Pod("web-1", "web", "10.244.0.2"));

        agent.Publish(snapshot);
        await agent.WhenSyncedAsync(snapshot.Revision, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        nftables.Applied.Count.ShouldBe(1);
        nftables.Applied[0].IsFullResync.ShouldBeTrue();
        var clusterIp = snapshot.Services.Services["demo/web"].ClusterIP!.ToString();
        nftables.Dump().ShouldContain(clusterIp);
        nftables.Dump().ShouldContain("10.244.0.2");
    }

    [Fact]
    public async Task Publish_KernelRefusesTheFirstSync_RetriesWithAFullResync()
    {
        var nftables = new InMemoryNftables { FailNext = "nft: simulated failure" };
        await using var agent = Agent(nftables);
        await agent.StartAsync(CancellationToken.None);
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web")], Build.Pod("web-1", "web", "10.244.0.2"));

        agent.Publish(snapshot);
        await agent.WhenSyncedAsync(snapshot.Revision, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        nftables.Applied.ShouldHaveSingleItem().IsFullResync.ShouldBeTrue();
        agent.AppliedRevision.ShouldBe(snapshot.Revision);
    }

    [Fact]
    public async Task Publish_SecondSnapshot_IsAppliedIncrementally()
    {
        var nftables = new InMemoryNftables();
        await using var agent = Agent(nftables);
        await agent.StartAsync(CancellationToken.None);
        var first = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web")], Build.Pod("web-1", "web", "10.244.0.2"));
        agent.Publish(first);
        await agent.WhenSyncedAsync(first.Revision, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var second = Build.Snapshot(first, [Build.Service("web", "web")], Build.Pod("web-1", "web", "10.244.0.2"), Build.Pod("web-2", "web", "10.244.1.2", node: "node-2"));
        agent.Publish(second);
        await agent.WhenSyncedAsync(second.Revision, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        nftables.Applied.Count.ShouldBe(2);
        nftables.Applied[1].IsFullResync.ShouldBeFalse();
        nftables.Dump().ShouldContain("10.244.1.2");
    }

    [Fact]
    public async Task Idle_TableRemovedBehindTheAgentsBack_IsRecreatedByAFullResync()
    {
        var nftables = new InMemoryNftables();
        await using var agent = Agent(nftables, checkInterval: TimeSpan.FromMilliseconds(5));
        await agent.StartAsync(CancellationToken.None);
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web")], Build.Pod("web-1", "web", "10.244.0.2"));
        agent.Publish(snapshot);
        await agent.WhenSyncedAsync(snapshot.Revision, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var table = nftables.Applied[0].Table;

        (await nftables.ApplyAsync(new NftTransaction(table, [new NftOperation.DeleteTable()], false), CancellationToken.None)).Success.ShouldBeTrue();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await nftables.ListTableAsync(table, CancellationToken.None) is null && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        nftables.Dump().ShouldContain("10.244.0.2");
        nftables.Applied[^1].IsFullResync.ShouldBeTrue();
    }

    [Fact]
    public void Plan_ServiceClaimingTheClusterDnsAddress_IsLeftOutOfTheNodeDatapath()
    {
        var datapath = new ServiceDatapath("node-1", new InMemoryNftables(), new RecordingConntrack(), DnsAddress);
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("kube-dns", "dns", "10.96.0.10"), Build.Service("web", "web")], Build.Pod("dns-1", "dns", "10.244.0.5"));

        var plan = datapath.Plan(snapshot);

        plan.Ports.ShouldHaveSingleItem().ClusterIP.ShouldBe(snapshot.Services.Services["demo/web"].ClusterIP);
    }

    [Fact]
    public async Task Dns_AnswersFromTheNewestPublishedSnapshot()
    {
        await using var agent = Agent(new InMemoryNftables(), new IPEndPoint(IPAddress.Loopback, 0));
        await agent.StartAsync(CancellationToken.None);
        agent.DnsEndPoint.ShouldNotBeNull();
        var snapshot = Build.Snapshot(ClusterSnapshot.Empty, [Build.Service("web", "web", "10.96.0.42")], Build.Pod("web-1", "web", "10.244.0.2"));

        (await DnsQuery.AskAsync(agent.DnsEndPoint, "web.demo.svc.cluster.local")).Rcode.ShouldBe(3, "NXDOMAIN before the snapshot");
        agent.Publish(snapshot);
        var answer = await DnsQuery.AskAsync(agent.DnsEndPoint, "web.demo.svc.cluster.local");

        answer.Rcode.ShouldBe(0);
        answer.Addresses.ShouldBe([IPAddress.Parse("10.96.0.42")]);
        (await DnsQuery.AskAsync(agent.DnsEndPoint, "example.org")).Rcode.ShouldBe(5, "REFUSED: no upstream");
    }

    private static NodeAgent Agent(InMemoryNftables nftables, IPEndPoint? dns = null, TimeSpan? checkInterval = null) => new(
        new NodeAgentOptions
        {
            NodeName = "node-1",
            Netns = NetnsRef.Named("wtagent-test"),
            DnsEndpoint = dns,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            CheckInterval = checkInterval ?? TimeSpan.Zero,
        },
        [new ServiceDatapath("node-1", nftables, new RecordingConntrack(), DnsAddress)],
        new InPlaceNetns());
}
