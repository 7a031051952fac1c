using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;
using Weft.Datapath.Testing;
using Weft.Policy.Evaluation;
using Weft.Policy.Inputs;
using Weft.Policy.Tests.Reference;

namespace Weft.Datapath.Tests.Policy;

/// <summary>On random small clusters, the traced datapath decides exactly as the engine does.</summary>
public sealed class PolicyDatapathPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(150);
    private static readonly int[] Ports = [.. RandomCluster.Ports, 0, 1, 79, 82, 1024, 65535];

    [Fact]
    public void TracedVerdict_EqualsIsAllowed_ForEveryPodPairProtocolAndPort()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var bed = new PolicyTestbed();
            bed.ApplyAsync(new RandomCluster(seed).Generate()).GetAwaiter().GetResult();
            var model = bed.Models!.All;
            var pods = Enumerable.Range(0, model.Pods.Length).Where(i => model.Pods[i].PodIPs.Length > 0).ToList();
            foreach (var protocol in RandomCluster.Protocols)
            {
                foreach (var port in Ports)
                {
                    foreach (var s in pods)
                    {
                        foreach (var d in pods)
                        {
                            var expected = model.IsAllowed(s, d, protocol, port);
                            var traced = bed.Allows(model.Pods[s].Key, model.Pods[d].Key, protocol, port);
                            if (traced != expected)
                            {
                                throw new InvalidOperationException($"seed {seed}: {model.Pods[s].Key} -> {model.Pods[d].Key} {protocol}/{port}: engine {expected}, datapath {traced}");
                            }
                        }
                    }
                }
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void TracedVerdict_EqualsCheck_ForExternalAddressesBothWays()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var bed = new PolicyTestbed();
            bed.ApplyAsync(new RandomCluster(seed).Generate()).GetAwaiter().GetResult();
            var model = bed.Models!.All;
            foreach (var address in RandomCluster.ExternalAddresses.Where(a => !model.TryFindPodByAddress(a, out _)))
            {
                for (var p = 0; p < model.Pods.Length; p++)
                {
                    if (model.Pods[p].PodIPs.Length == 0)
                    {
                        continue;
                    }

                    foreach (var protocol in RandomCluster.Protocols)
                    {
                        foreach (var port in Ports)
                        {
                            var inbound = model.Check(TrafficEndpoint.External(address), TrafficEndpoint.Pod(p), protocol, port).Allowed;
                            var outbound = model.Check(TrafficEndpoint.Pod(p), TrafficEndpoint.External(address), protocol, port).Allowed;
                            if (bed.Allows(address.ToString(), model.Pods[p].Key, protocol, port) != inbound
                                || bed.Allows(model.Pods[p].Key, address.ToString(), protocol, port) != outbound)
                            {
                                throw new InvalidOperationException($"seed {seed}: {address} <-> {model.Pods[p].Key} {protocol}/{port}: engine in {inbound} out {outbound}");
                            }
                        }
                    }
                }
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void AuditMode_NeverDrops_AndAuditsExactlyTheEngineDenials()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var bed = new PolicyTestbed();
            bed.ApplyAsync(new RandomCluster(seed).Generate(), clusterAudit: true).GetAwaiter().GetResult();
            var model = bed.Models!.All;
            var pods = Enumerable.Range(0, model.Pods.Length).Where(i => model.Pods[i].PodIPs.Length > 0).ToList();
            foreach (var s in pods)
            {
                foreach (var d in pods)
                {
                    var outcome = bed.Trace(model.Pods[s].Key, model.Pods[d].Key, Protocol.Tcp, 80);
                    var denied = !model.IsAllowed(s, d, Protocol.Tcp, 80);
                    if (outcome.Verdict != TraceVerdict.Accept || outcome.Logs.Any(l => !l.StartsWith("weft:A:", StringComparison.Ordinal)) || outcome.Logs.IsEmpty != !denied)
                    {
                        throw new InvalidOperationException($"seed {seed}: {model.Pods[s].Key} -> {model.Pods[d].Key}: denied {denied}, outcome {outcome.Verdict} [{string.Join(' ', outcome.Logs)}]");
                    }
                }
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void Incremental_FromAnyPlanToAnother_EqualsFull()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.Choose(0, int.MaxValue)), (a, b) =>
        {
            var (first, second) = (Ruleset(a), Ruleset(b));
            var incremental = new InMemoryNftables();
            Apply(incremental, NftTransactionPlanner.Full(first));
            Apply(incremental, NftTransactionPlanner.Incremental(first, second));
            var full = new InMemoryNftables();
            Apply(full, NftTransactionPlanner.Full(second));
            incremental.Dump().ShouldBe(full.Dump(), $"seeds {a} -> {b}");
            NftTransactionPlanner.Incremental(second, second).IsEmpty.ShouldBeTrue();
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Plan_WithACacheAcrossPolicyChanges_EqualsAPlanWithout()
    {
        // Variants of one cluster share resource instances, so the cache hits; dropping policies also moves port
        // and CIDR bounds under cached decisions, an audit annotation splits the models, and the switch empties one.
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var input = new RandomCluster(seed, maxNetworkPolicies: 8).Generate();
            var cache = new PolicyPlanCache();
            for (var step = 0; step < 5; step++)
            {
                var variant = input with
                {
                    NetworkPolicies = [.. input.NetworkPolicies.Where(_ => random.Next(4) > 0)
                        .Select(p => random.Next(6) == 0 ? p with { Metadata = p.Metadata with { Annotations = p.Metadata.Annotations.SetItem(PolicyDatapathInput.ModeAnnotation, "audit") } } : p)],
                    AdminNetworkPolicies = [.. input.AdminNetworkPolicies.Where(_ => random.Next(3) > 0)],
                };
                var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = variant, ClusterAudit = random.Next(8) == 0 });
                var pods = PolicyTestbed.LocalPods(variant);
                var cached = NodePolicyPlanner.Plan(models, pods, cache);
                var fresh = NodePolicyPlanner.Plan(models, pods);
                Render(cached).ShouldBe(Render(fresh), $"seed {seed} step {step}");
                cached.Rules.ShouldBe(fresh.Rules, $"seed {seed} step {step}");
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    private static string Render(NodePolicyPlan plan) =>
        string.Join("\n", NftTransactionPlanner.Full(PolicyRulesetBuilder.Build(plan)).Operations.Select(o => o.Render(PolicyRulesetBuilder.Table)));

    private static NftRuleset Ruleset(int seed)
    {
        var input = new RandomCluster(seed).Generate();
        var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = input, ClusterAudit = seed % 5 == 0 });
        return PolicyRulesetBuilder.Build(NodePolicyPlanner.Plan(models, PolicyTestbed.LocalPods(input)));
    }

    private static void Apply(InMemoryNftables nft, NftTransaction transaction)
    {
        var result = nft.ApplyAsync(transaction, CancellationToken.None).GetAwaiter().GetResult();
        result.Error.ShouldBeNull();
    }
}
