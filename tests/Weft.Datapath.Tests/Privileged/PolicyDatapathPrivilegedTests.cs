using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Policy;
using Weft.Policy.Inputs;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>The policy datapath in a real node namespace: real nft, real TCP and UDP between pods on routed veths.</summary>
public sealed class PolicyDatapathPrivilegedTests(PolicyNodeTestbed bed) : IClassFixture<PolicyNodeTestbed>
{
    private static readonly ContainerPort[] Serve = [NamedPort("http", 8080), NamedPort("session", 7000), NamedPort("dns", 5353, Protocol.Udp)];

    private static PolicyInput Cluster(params Resource[] policies) => PolicyInput.FromResources(
        new Resource[]
        {
            Namespace("x", "ns=x"),
            Pod("x/pod1", "pod=1", PolicyNodeTestbed.PodAddress(1), Serve),
            Pod("x/pod2", "pod=2", PolicyNodeTestbed.PodAddress(2), Serve),
            Pod("x/pod3", "pod=3", PolicyNodeTestbed.PodAddress(3), Serve),
        }.Concat(policies));

    private static readonly ImmutableArray<LocalPod> LocalPods =
        [.. Enumerable.Range(1, 3).Select(i => new LocalPod($"x/pod{i}", IPAddress.Parse(PolicyNodeTestbed.PodAddress(i)), PolicyNodeTestbed.HostInterface(i)))];

    private static NetworkPolicy OnlyFromPod1 => Np("x/pod3-from-pod1", Sel("pod=3"), [Rule([PodPeer("pod=1")])]);

    private static NetworkPolicy DenyPod3 => Np("x/pod3-deny", Sel("pod=3"), types: PolicyType.Ingress);

    private async Task SyncAsync(PolicyDatapathSyncer syncer, PolicyInput input, bool clusterAudit = false)
    {
        var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = input, ClusterAudit = clusterAudit });
        var result = await syncer.SyncAsync(NodePolicyPlanner.Plan(models, LocalPods), CancellationToken.None);
        result.Error.ShouldBeNull();
        result.Applied.ShouldBeTrue();
    }

    [PrivilegedFact]
    public async Task Ingress_AllowsOnlyTheSelectedPod_ForTcpAndUdp()
    {
        var syncer = new PolicyDatapathSyncer(new NetnsNftables(bed.Node));
        await SyncAsync(syncer, Cluster(OnlyFromPod1));

        (await bed.TcpAsync(bed.PodNamespace(1), PolicyNodeTestbed.PodAddress(3))).ShouldBe("pod3");
        (await bed.TcpAsync(bed.PodNamespace(2), PolicyNodeTestbed.PodAddress(3))).ShouldBe("");
        (await bed.UdpAsync(bed.PodNamespace(1), PolicyNodeTestbed.PodAddress(3))).ShouldBe("pod3");
        (await bed.UdpAsync(bed.PodNamespace(2), PolicyNodeTestbed.PodAddress(3))).ShouldBe("timeout");
        (await bed.TcpAsync(bed.PodNamespace(3), PolicyNodeTestbed.PodAddress(2))).ShouldBe("pod2");
    }

    [PrivilegedFact]
    public async Task PolicyFlip_KeepsTheEstablishedConnection_AndBlocksNewOnes()
    {
        var syncer = new PolicyDatapathSyncer(new NetnsNftables(bed.Node));
        await SyncAsync(syncer, Cluster(OnlyFromPod1));
        using var session = bed.StartTcpSession(bed.PodNamespace(1), PolicyNodeTestbed.PodAddress(3));
        (await session.AskAsync()).ShouldBe("pod3");

        await SyncAsync(syncer, Cluster(DenyPod3));

        (await session.AskAsync()).ShouldBe("pod3");
        (await bed.TcpAsync(bed.PodNamespace(1), PolicyNodeTestbed.PodAddress(3))).ShouldBe("");

        await SyncAsync(syncer, Cluster(OnlyFromPod1));
        (await session.AskAsync()).ShouldBe("pod3");
        (await bed.TcpAsync(bed.PodNamespace(1), PolicyNodeTestbed.PodAddress(3))).ShouldBe("pod3");
    }

    [PrivilegedFact]
    public async Task IpBlockFromTheUnderlay_ReachesThePod_WhilePodsAreDenied()
    {
        var syncer = new PolicyDatapathSyncer(new NetnsNftables(bed.Node));
        await SyncAsync(syncer, Cluster(Np("x/pod2-ext", Sel("pod=2"), [Rule([IpPeer("172.31.0.0/24", "172.31.0.128/25")])])));

        (await bed.TcpAsync(bed.External, PolicyNodeTestbed.PodAddress(2))).ShouldBe("pod2");
        (await bed.TcpAsync(bed.PodNamespace(1), PolicyNodeTestbed.PodAddress(2))).ShouldBe("");
        (await bed.TcpAsync(bed.External, PolicyNodeTestbed.PodAddress(1))).ShouldBe("pod1");
    }

    [PrivilegedFact]
    public async Task ClusterAudit_LetsWouldBeDropsThrough()
    {
        var syncer = new PolicyDatapathSyncer(new NetnsNftables(bed.Node));
        await SyncAsync(syncer, Cluster(DenyPod3), clusterAudit: true);

        (await bed.TcpAsync(bed.PodNamespace(2), PolicyNodeTestbed.PodAddress(3))).ShouldBe("pod3");
        var listed = await new NetnsNftables(bed.Node).ListTableAsync(PolicyRulesetBuilder.Table, CancellationToken.None);
        listed.ShouldNotBeNull().ShouldContain("weft:A:");
    }
}
