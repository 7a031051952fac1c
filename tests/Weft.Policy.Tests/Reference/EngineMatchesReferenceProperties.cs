using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;
using Weft.Policy.Inputs;

namespace Weft.Policy.Tests.Reference;

/// <summary>The compiled engine agrees with the literal reference evaluator on random clusters.</summary>
public sealed class EngineMatchesReferenceProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400);

    [Fact]
    public void Compiled_AgreesWithReference_ForEveryPodPairPortAndProtocol()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var input = new RandomCluster(seed).Generate();
            var model = PolicyCompiler.Compile(input);
            var reference = new ReferenceEvaluator(input);
            foreach (var protocol in RandomCluster.Protocols)
            {
                foreach (var port in RandomCluster.Ports)
                {
                    for (var s = 0; s < model.Pods.Length; s++)
                    {
                        for (var d = 0; d < model.Pods.Length; d++)
                        {
                            var expected = reference.Allowed(model.Pods[s], null, model.Pods[d], null, protocol, port);
                            if (model.IsAllowed(s, d, protocol, port) != expected
                                || model.Check(TrafficEndpoint.Pod(s), TrafficEndpoint.Pod(d), protocol, port).Allowed != expected)
                            {
                                throw new InvalidOperationException($"seed {seed}: {model.Pods[s].Key} -> {model.Pods[d].Key} {protocol}/{port}: reference says {expected}");
                            }
                        }
                    }
                }
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void Compiled_AgreesWithReference_WhenAdminRulesSpanSeveralBitsetWords()
    {
        // 60-100 ANPs with up to 2 rules per direction: more than 64 rules, so the rule index uses several words.
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var input = new RandomCluster(seed, maxAdminPolicies: 100).Generate();
            var model = PolicyCompiler.Compile(input);
            var reference = new ReferenceEvaluator(input);
            foreach (var port in RandomCluster.Ports)
            {
                for (var s = 0; s < model.Pods.Length; s++)
                {
                    for (var d = 0; d < model.Pods.Length; d++)
                    {
                        var expected = reference.Allowed(model.Pods[s], null, model.Pods[d], null, Protocol.Udp, port);
                        if (model.IsAllowed(s, d, Protocol.Udp, port) != expected
                            || model.Check(TrafficEndpoint.Pod(s), TrafficEndpoint.Pod(d), Protocol.Udp, port).Allowed != expected)
                        {
                            throw new InvalidOperationException($"seed {seed}: {model.Pods[s].Key} -> {model.Pods[d].Key} UDP/{port}: reference says {expected}");
                        }
                    }
                }

                foreach (var address in RandomCluster.ExternalAddresses.Where(a => !model.TryFindPodByAddress(a, out _)))
                {
                    for (var p = 0; p < model.Pods.Length; p++)
                    {
                        if (model.Check(TrafficEndpoint.Pod(p), TrafficEndpoint.External(address), Protocol.Tcp, port).Allowed
                            != reference.Allowed(model.Pods[p], null, null, address, Protocol.Tcp, port))
                        {
                            throw new InvalidOperationException($"seed {seed}: {model.Pods[p].Key} -> {address} TCP/{port}");
                        }
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Compiled_AgreesWithReference_ForExternalAddresses()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var input = new RandomCluster(seed).Generate();
            var model = PolicyCompiler.Compile(input);
            var reference = new ReferenceEvaluator(input);
            foreach (var address in RandomCluster.ExternalAddresses)
            {
                // An address that belongs to a pod is that pod; the reference is asked the same question.
                var owner = model.TryFindPodByAddress(address, out var ownerIndex) ? model.Pods[ownerIndex] : null;
                foreach (var port in RandomCluster.Ports)
                {
                    for (var p = 0; p < model.Pods.Length; p++)
                    {
                        var pod = model.Pods[p];
                        var inbound = reference.Allowed(owner, owner is null ? address : null, pod, null, Protocol.Tcp, port);
                        var outbound = reference.Allowed(pod, null, owner, owner is null ? address : null, Protocol.Tcp, port);
                        if (model.Check(TrafficEndpoint.External(address), TrafficEndpoint.Pod(p), Protocol.Tcp, port).Allowed != inbound
                            || model.Check(TrafficEndpoint.Pod(p), TrafficEndpoint.External(address), Protocol.Tcp, port).Allowed != outbound)
                        {
                            throw new InvalidOperationException($"seed {seed}: {address} <-> {pod.Key} TCP/{port}: reference in={inbound} out={outbound}");
                        }
                    }
                }
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void AddingAnAllowRule_NeverRemovesAnAllowedFlow_NetworkPolicyOnly()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new RandomCluster(seed);
            var input = random.Generate() with { AdminNetworkPolicies = [], BaselineAdminNetworkPolicy = null };
            if (input.NetworkPolicies.IsEmpty)
            {
                return true;
            }

            // Add one rule to an existing policy, in a direction it already applies to, so isolation is unchanged.
            var target = input.NetworkPolicies[0];
            var extra = random.RandomRule();
            var widened = target.AppliesToIngress
                ? target with { Ingress = target.Ingress.Add(extra) }
                : target with { Egress = target.Egress.Add(extra) };
            var before = PolicyCompiler.Compile(input);
            var after = PolicyCompiler.Compile(input with { NetworkPolicies = input.NetworkPolicies.SetItem(0, widened) });
            foreach (var protocol in RandomCluster.Protocols)
            {
                foreach (var port in RandomCluster.Ports)
                {
                    for (var s = 0; s < before.Pods.Length; s++)
                    {
                        for (var d = 0; d < before.Pods.Length; d++)
                        {
                            if (before.IsAllowed(s, d, protocol, port) && !after.IsAllowed(s, d, protocol, port))
                            {
                                throw new InvalidOperationException($"seed {seed}: adding a rule removed {before.Pods[s].Key} -> {before.Pods[d].Key} {protocol}/{port}");
                            }
                        }
                    }
                }
            }

            return true;
        }).Check(Runs);
    }

    [Fact]
    public void RandomClusters_ExerciseEveryTier()
    {
        // Guards the generator: if it stopped producing ANP, NP, BANP and default decisions, the properties
        // above would pass vacuously.
        var tiers = new HashSet<PolicyTier>();
        for (var seed = 0; seed < 200; seed++)
        {
            var model = PolicyCompiler.Compile(new RandomCluster(seed).Generate());
            for (var s = 0; s < model.Pods.Length; s++)
            {
                for (var d = 0; d < model.Pods.Length; d++)
                {
                    var verdict = model.Check(TrafficEndpoint.Pod(s), TrafficEndpoint.Pod(d), Protocol.Tcp, 80);
                    tiers.Add(verdict.Ingress!.DecidedBy);
                    tiers.Add(verdict.Egress!.DecidedBy);
                }
            }
        }

        tiers.ShouldBe(Enum.GetValues<PolicyTier>(), ignoreOrder: true);
    }

    internal static PolicyInput Sample(int seed) => new RandomCluster(seed).Generate();
}
