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
        var firstRuleset = PolicyRulesetBuilder.Build(first);
        var secondRuleset = PolicyRulesetBuilder.Build(second, (first, firstRuleset));
        secondRuleset.Maps[PolicyRulesetBuilder.PeerAddresses].ShouldBeSameAs(firstRuleset.Maps[PolicyRulesetBuilder.PeerAddresses]);
        NftTransactionPlanner.Incremental(firstRuleset, secondRuleset).IsEmpty.ShouldBeTrue();
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

    [Theory]
    [InlineData(2)]
    [InlineData(99)]
    public void Build_WithThePreviousRulesetOfTheSameIpcache_CarriesItsIpcacheMapsOverAndEqualsAFreshBuild(int seed)
    {
        var input = new RandomCluster(seed, maxNetworkPolicies: 8).Generate();
        var cache = new PolicyPlanCache();
        var pods = PolicyTestbed.LocalPods(input);
        var firstPlan = NodePolicyPlanner.Plan(PolicyModels.Compile(new PolicyDatapathInput { Policies = input }), pods, cache);
        var first = PolicyRulesetBuilder.Build(firstPlan);
        var fewer = input with { NetworkPolicies = input.NetworkPolicies.IsEmpty ? [] : input.NetworkPolicies.RemoveAt(0) };
        var plan = NodePolicyPlanner.Plan(PolicyModels.Compile(new PolicyDatapathInput { Policies = fewer }), pods, cache);

        var next = PolicyRulesetBuilder.Build(plan, (firstPlan, first));

        var fresh = PolicyRulesetBuilder.Build(plan);
        Full(next).ShouldBe(Full(fresh));
        NftTransactionPlanner.Incremental(first, next).Operations.ShouldBe(NftTransactionPlanner.Incremental(first, fresh).Operations);
        if (ReferenceEquals(plan.Ipcache, firstPlan.Ipcache))
        {
            next.Maps[PolicyRulesetBuilder.PeerAddresses].ShouldBeSameAs(first.Maps[PolicyRulesetBuilder.PeerAddresses]);
        }
    }

    [Fact]
    public void Build_WithAPreviousOfAnotherIpcache_FormatsTheIpcacheAfresh()
    {
        var input = new RandomCluster(5, maxNetworkPolicies: 8).Generate();
        var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = input });
        var firstPlan = NodePolicyPlanner.Plan(models, PolicyTestbed.LocalPods(input));
        var first = PolicyRulesetBuilder.Build(firstPlan);
        var plan = NodePolicyPlanner.Plan(models, PolicyTestbed.LocalPods(input));

        var next = PolicyRulesetBuilder.Build(plan, (firstPlan, first));

        next.Maps[PolicyRulesetBuilder.PeerAddresses].ShouldNotBeSameAs(first.Maps[PolicyRulesetBuilder.PeerAddresses]);
        Full(next).ShouldBe(Full(first));
    }

    private static string Full(Weft.Datapath.Nftables.NftRuleset ruleset) =>
        string.Join("\n", NftTransactionPlanner.Full(ruleset).Operations.Select(o => o.Render(PolicyRulesetBuilder.Table)));

    private static string Render(NodePolicyPlan plan) =>
        string.Join("\n", NftTransactionPlanner.Full(PolicyRulesetBuilder.Build(plan)).Operations.Select(o => o.Render(PolicyRulesetBuilder.Table)));
}
