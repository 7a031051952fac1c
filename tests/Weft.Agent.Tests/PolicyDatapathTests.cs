using System.Collections.Immutable;
using Weft.Agent.ControlPlane;
using Weft.Agent.Datapaths;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Datapath.Policy;
using Weft.Datapath.Testing;
using Weft.Dns.Zone;
using Weft.Policy.Inputs;
using Weft.Services;

namespace Weft.Agent.Tests;

public sealed class PolicyDatapathTests
{
    private static readonly Pod Web = Build.Pod("web", "web", "10.244.1.2");
    private static readonly Pod Client = Build.Pod("client", "client", "10.244.1.3");
    private static readonly Pod Remote = Build.Pod("remote", "client", "10.244.2.2", node: "node-2");

    private static ClusterSnapshot Snapshot(params NetworkPolicy[] policies) => SnapshotCompiler.Compile(ClusterSnapshot.Empty, new SnapshotInputs
    {
        Pods = [Web, Client, Remote],
        Policies = new PolicyInput { Namespaces = [new Namespace { Metadata = new ObjectMeta { Name = "demo" } }], NetworkPolicies = [.. policies] },
        HostInterfaces = ImmutableDictionary<string, string>.Empty.Add(Web.Key, "weftweb").Add(Client.Key, "weftclient").Add(Remote.Key, "weftremote"),
    }, ServiceCompilerOptions.Default, new ClusterDnsOptions()).Snapshot;

    private static NetworkPolicy DenyWeb => new()
    {
        Metadata = new ObjectMeta { Name = "deny-web", Namespace = "demo" },
        PodSelector = new LabelSelector { MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add("app", "web") },
        PolicyTypes = [PolicyType.Ingress],
    };

    [Fact]
    public async Task Sync_ProgramsOnlyThisNodesPods_AndEnforcesTheSnapshotsPolicy()
    {
        var nft = new InMemoryNftables();
        var datapath = new PolicyDatapath("node-1", nft);

        (await datapath.SyncAsync(Snapshot(DenyWeb), CancellationToken.None)).Success.ShouldBeTrue();

        datapath.AppliedPlan!.Directions.Select(d => d.PodKey).Distinct().Order(StringComparer.Ordinal).ShouldBe(["demo/client", "demo/web"]);
        var packet = new TracePacket(Client.PodIPs[0], Web.PodIPs[0], Protocol.Tcp, 80) { InInterface = "weftclient", OutInterface = "weftweb" };
        new NftPacketTracer(nft, []).Trace(packet).Single().Verdict.ShouldBe(TraceVerdict.Drop);
    }

    [Fact]
    public async Task Sync_WithoutPolicyInput_ChangesNothing()
    {
        var nft = new InMemoryNftables();
        var datapath = new PolicyDatapath("node-1", nft);

        (await datapath.SyncAsync(ClusterSnapshot.Empty, CancellationToken.None)).Changed.ShouldBeFalse();

        nft.Applied.ShouldBeEmpty();
    }

    [Fact]
    public async Task PolicyRemoved_NextSyncIsIncremental_AndAllowsAgain()
    {
        var nft = new InMemoryNftables();
        var datapath = new PolicyDatapath("node-1", nft);
        await datapath.SyncAsync(Snapshot(DenyWeb), CancellationToken.None);

        (await datapath.SyncAsync(Snapshot(), CancellationToken.None)).Changed.ShouldBeTrue();

        nft.Applied[^1].IsFullResync.ShouldBeFalse();
        var packet = new TracePacket(Client.PodIPs[0], Web.PodIPs[0], Protocol.Tcp, 80) { InInterface = "weftclient", OutInterface = "weftweb" };
        new NftPacketTracer(nft, []).Trace(packet).Single().Verdict.ShouldBe(TraceVerdict.Accept);
    }
}
