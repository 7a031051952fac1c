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

    private static ClusterSnapshot Snapshot(params NetworkPolicy[] policies) => Snapshot(PolicyMode.Enforce, policies);

    private static ClusterSnapshot Snapshot(PolicyMode mode, params NetworkPolicy[] policies) => SnapshotCompiler.Compile(ClusterSnapshot.Empty, new SnapshotInputs
    {
        PolicyMode = mode,
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

    [Fact]
    public async Task Sync_ClusterAuditMode_PassesWouldBeDrops_AndLogsThemAsAuditWithTheDecidingRule()
    {
        var nft = new InMemoryNftables();
        var datapath = new PolicyDatapath("node-1", nft);

        (await datapath.SyncAsync(Snapshot(PolicyMode.Audit, DenyWeb), CancellationToken.None)).Success.ShouldBeTrue();

        var outcome = TraceClientToWeb(nft);
        outcome.Verdict.ShouldBe(TraceVerdict.Accept);
        var log = outcome.Logs.ShouldHaveSingleItem();
        log.ShouldStartWith("weft:A:");
        var rule = datapath.AppliedPlan!.Rules[uint.Parse(log["weft:A:".Length..], System.Globalization.CultureInfo.InvariantCulture)];
        rule.Policy.ShouldBe("demo/deny-web");
        rule.Direction.ShouldBe(Weft.Policy.Evaluation.TrafficDirection.Ingress);
    }

    [Fact]
    public async Task Sync_ClusterModeBackToEnforce_DropsAgainWithTheSameRule()
    {
        var nft = new InMemoryNftables();
        var datapath = new PolicyDatapath("node-1", nft);
        await datapath.SyncAsync(Snapshot(PolicyMode.Audit, DenyWeb), CancellationToken.None);
        var audited = TraceClientToWeb(nft).Logs.Single();

        (await datapath.SyncAsync(Snapshot(PolicyMode.Enforce, DenyWeb), CancellationToken.None)).Changed.ShouldBeTrue();

        nft.Applied[^1].IsFullResync.ShouldBeFalse("a mode switch is an ordinary incremental sync");
        var outcome = TraceClientToWeb(nft);
        outcome.Verdict.ShouldBe(TraceVerdict.Drop);
        outcome.Logs.ShouldBe([audited.Replace("weft:A:", "weft:D:", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task Sync_ClusterAuditMode_AllowedTrafficIsNotLogged()
    {
        var nft = new InMemoryNftables();
        var datapath = new PolicyDatapath("node-1", nft);

        await datapath.SyncAsync(Snapshot(PolicyMode.Audit, DenyWeb), CancellationToken.None);

        var packet = new TracePacket(Web.PodIPs[0], Client.PodIPs[0], Protocol.Tcp, 80) { InInterface = "weftweb", OutInterface = "weftclient" };
        var outcome = new NftPacketTracer(nft, []).Trace(packet).Single();
        outcome.Verdict.ShouldBe(TraceVerdict.Accept);
        outcome.Logs.ShouldBeEmpty("no policy selects the client, so nothing would drop this");
    }

    private static TraceOutcome TraceClientToWeb(InMemoryNftables nft)
    {
        var packet = new TracePacket(Client.PodIPs[0], Web.PodIPs[0], Protocol.Tcp, 80) { InInterface = "weftclient", OutInterface = "weftweb" };
        return new NftPacketTracer(nft, []).Trace(packet).Single();
    }
}
