using FsCheck;
using FsCheck.Fluent;
using Weft.Datapath.Nftables;
using Weft.Datapath.Services;
using Weft.Datapath.Testing;

namespace Weft.Datapath.Tests.Nftables;

public sealed class TransactionPropertyTests
{
    private static string FullDump(NftRuleset ruleset)
    {
        var nft = new InMemoryNftables();
        nft.ApplyAsync(NftTransactionPlanner.Full(ruleset), CancellationToken.None).Result.Error.ShouldBeNull();
        return nft.Dump();
    }

    [Fact]
    public void Incremental_FromAToB_EqualsFullSyncOfB() =>
        Prop.ForAll<int, int>((a, b) =>
        {
            var from = ServiceRulesetBuilder.Build(RandomPlans.Create(a));
            var to = ServiceRulesetBuilder.Build(RandomPlans.Create(b));
            var nft = new InMemoryNftables();
            nft.ApplyAsync(NftTransactionPlanner.Full(from), CancellationToken.None).Result.Error.ShouldBeNull();

            var result = nft.ApplyAsync(NftTransactionPlanner.Incremental(from, to), CancellationToken.None).Result;

            result.Error.ShouldBeNull();
            return nft.Dump() == FullDump(to);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Incremental_SamePlanTwice_IsEmpty() =>
        Prop.ForAll<int>(seed =>
        {
            var ruleset = ServiceRulesetBuilder.Build(RandomPlans.Create(seed));
            var again = ServiceRulesetBuilder.Build(RandomPlans.Create(seed));
            return NftTransactionPlanner.Incremental(ruleset, again).IsEmpty;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Full_AnyPlan_IsAcceptedByTheKernelModelAndTraceable() =>
        Prop.ForAll<int>(seed =>
        {
            var plan = RandomPlans.Create(seed);
            var nft = new InMemoryNftables();
            nft.ApplyAsync(NftTransactionPlanner.Full(ServiceRulesetBuilder.Build(plan)), CancellationToken.None).Result.Error.ShouldBeNull();
            var tracer = new NftPacketTracer(nft, [System.Net.IPAddress.Parse("172.31.0.1")]);

            // Every service port reaches exactly its cluster endpoints (or is rejected/dropped without any).
            return plan.Ports.All(port =>
            {
                var outcomes = tracer.Trace(new TracePacket(System.Net.IPAddress.Parse("10.244.9.9"), port.ClusterIP, port.Protocol, port.Port));
                return port.ClusterEndpoints.IsEmpty
                    ? outcomes.Length == 1 && outcomes[0].Verdict == (port.HasEndpoints ? TraceVerdict.Drop : TraceVerdict.Reject)
                    : outcomes.Select(o => o.DnatTo!.ToString()).Order().SequenceEqual(port.ClusterEndpoints.Select(e => $"{e.Address}:{e.Port}").Order());
            });
        }).QuickCheckThrowOnFailure();
}
