using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;
using Weft.Datapath.Testing;
using Weft.Policy.Inputs;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Datapath.Tests.Policy;

public sealed class PolicyDatapathSyncerTests
{
    private static PolicyInput Cluster(params Resource[] policies) => PolicyInput.FromResources(
        new Resource[]
        {
            Namespace("x", "ns=x"), Namespace("y", "ns=y"),
            Pod("x/a", "pod=a", "10.244.1.2"), Pod("x/b", "pod=b", "10.244.1.3"), Pod("y/a", "pod=a", "10.244.2.2"),
        }.Concat(policies));

    [Fact]
    public async Task FirstSync_IsFull_ThenAPolicyChangeTouchesOnlyMapElementsAndLogChains()
    {
        var bed = new PolicyTestbed();
        (await bed.ApplyAsync(Cluster())).FullResync.ShouldBeTrue();

        var result = await bed.ApplyAsync(Cluster(Np("y/deny", Sel(""), types: PolicyType.Ingress)));

        result.FullResync.ShouldBeFalse();
        var operations = bed.Nft.Applied[^1].Operations;
        operations.ShouldAllBe(o => o is NftOperation.AddElement || o is NftOperation.DeleteElement || o is NftOperation.AddChain || o is NftOperation.AddRule);
        operations.OfType<NftOperation.AddChain>().ShouldAllBe(c => c.Chain.StartsWith("drop-", StringComparison.Ordinal));
        operations.OfType<NftOperation.AddElement>().Select(e => e.Key).ShouldBe(["\"vy-a\""]);
    }

    [Fact]
    public async Task UnchangedPlan_SendsNoTransaction()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(Np("y/deny", Sel(""), types: PolicyType.Ingress)));
        var count = bed.Nft.Applied.Count;

        (await bed.ApplyAsync(Cluster(Np("y/deny", Sel(""), types: PolicyType.Ingress)))).Changed.ShouldBeFalse();

        bed.Nft.Applied.Count.ShouldBe(count);
    }

    [Fact]
    public async Task FailedTransaction_ChangesNothing_AndTheNextSyncIsFull()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster());
        var before = bed.Nft.Dump();
        bed.Nft.FailNext = "Error: injected";
        var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = Cluster(Np("y/deny", Sel(""), types: PolicyType.Ingress)) });
        var plan = NodePolicyPlanner.Plan(models, PolicyTestbed.LocalPods(models.All.Input));

        var failed = await bed.Syncer.SyncAsync(plan, CancellationToken.None);
        failed.Applied.ShouldBeFalse();
        bed.Nft.Dump().ShouldBe(before);

        var retried = await bed.Syncer.SyncAsync(plan, CancellationToken.None);
        (retried.Applied, retried.FullResync).ShouldBe((true, true));
    }

    [Fact]
    public async Task RemovingThePolicy_RemovesItsLogChains()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(Np("y/deny", Sel(""), types: PolicyType.Ingress)));
        await bed.ApplyAsync(Cluster());

        bed.Nft.Dump().ShouldNotContain("drop-");
        bed.Allows("x/a", "y/a", Protocol.Tcp, 80).ShouldBeTrue();
    }
}
