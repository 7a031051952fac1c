using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;
using Weft.Policy.Tests.Reference;

namespace Weft.Datapath.Tests.Policy;

public sealed class PolicyPlanCacheTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(1234)]
    public void Plan_UnchangedModelsWithACache_ReusesThePeerClassesAndEveryDirectionWhole(int seed)
    {
        var input = new RandomCluster(seed, maxNetworkPolicies: 8).Generate();
        var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = input });
        var pods = PolicyTestbed.LocalPods(input);
        var cache = new PolicyPlanCache();

        var first = NodePolicyPlanner.Plan(models, pods, cache);
        var second = NodePolicyPlanner.Plan(models, pods, cache);

        second.Ipcache.ShouldBeSameAs(first.Ipcache, "the peer class table is not rebuilt");
        second.Directions.Length.ShouldBe(first.Directions.Length);
        for (var i = 0; i < first.Directions.Length; i++)
        {
            second.Directions[i].Profiles.ShouldBeSameAs(first.Directions[i].Profiles, $"{first.Directions[i].PodKey} ingress={first.Directions[i].Ingress}");
        }

        second.Rules.ShouldBe(first.Rules);
        Render(second).ShouldBe(Render(NodePolicyPlanner.Plan(models, pods)));
    }

    [Fact]
    public void Plan_PodsChangedWithACache_RebuildsThePeerClasses()
    {
        var input = new RandomCluster(3, maxNetworkPolicies: 8).Generate();
        var cache = new PolicyPlanCache();
        var first = NodePolicyPlanner.Plan(PolicyModels.Compile(new PolicyDatapathInput { Policies = input }), PolicyTestbed.LocalPods(input), cache);
        var fewer = input with { Pods = input.Pods.RemoveAt(0) };
        var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = fewer });

        var second = NodePolicyPlanner.Plan(models, PolicyTestbed.LocalPods(fewer), cache);

        second.Ipcache.ShouldNotBeSameAs(first.Ipcache);
        Render(second).ShouldBe(Render(NodePolicyPlanner.Plan(models, PolicyTestbed.LocalPods(fewer))));
    }

    private static string Render(NodePolicyPlan plan) =>
        string.Join("\n", NftTransactionPlanner.Full(PolicyRulesetBuilder.Build(plan)).Operations.Select(o => o.Render(PolicyRulesetBuilder.Table)));
}
