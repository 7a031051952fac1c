using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;

namespace Weft.Policy.Tests.Reference;

/// <summary>
/// The NetworkPolicy rule index (used when more than <see cref="DirectionPolicy.IndexThreshold"/> rules select an
/// identity) and the explanation-free <see cref="PolicyModel.Decide"/> agree with the reference and with
/// <see cref="PolicyModel.Check"/>.
/// </summary>
public sealed class DecisionProperties
{
    [Fact]
    public void Compiled_AgreesWithReference_WhenManyNetworkPolicyRulesSelectAPod()
    {
        // Up to 80 NetworkPolicies with up to 2 rules per direction over 3 namespaces: rule lists past the index threshold.
        var indexed = 0;
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var input = new RandomCluster(seed, maxAdminPolicies: 1, maxNetworkPolicies: 80).Generate();
            var model = PolicyCompiler.Compile(input);
            var reference = new ReferenceEvaluator(input);
            indexed += Enumerable.Range(0, model.Pods.Length).Any(p => IndexedRules(model, input, p)) ? 1 : 0;
            foreach (var port in RandomCluster.Ports)
            {
                foreach (var protocol in RandomCluster.Protocols)
                {
                    for (var s = 0; s < model.Pods.Length; s++)
                    {
                        for (var d = 0; d < model.Pods.Length; d++)
                        {
                            var expected = reference.Allowed(model.Pods[s], null, model.Pods[d], null, protocol, port);
                            if (model.IsAllowed(s, d, protocol, port) != expected)
                            {
                                throw new InvalidOperationException($"seed {seed}: {model.Pods[s].Key} -> {model.Pods[d].Key} {protocol}/{port}: reference says {expected}");
                            }
                        }
                    }
                }

                foreach (var address in RandomCluster.ExternalAddresses.Where(a => !model.TryFindPodByAddress(a, out _)))
                {
                    for (var p = 0; p < model.Pods.Length; p++)
                    {
                        if (model.Check(TrafficEndpoint.External(address), TrafficEndpoint.Pod(p), Protocol.Tcp, port).Allowed
                                != reference.Allowed(null, address, model.Pods[p], null, Protocol.Tcp, port)
                            || model.Check(TrafficEndpoint.Pod(p), TrafficEndpoint.External(address), Protocol.Tcp, port).Allowed
                                != reference.Allowed(model.Pods[p], null, null, address, Protocol.Tcp, port))
                        {
                            throw new InvalidOperationException($"seed {seed}: {model.Pods[p].Key} <-> {address} TCP/{port}");
                        }
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
        indexed.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void Decide_EqualsCheck_VerdictTierAndRule_AndUnconstrainedDirectionsAllowAll()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var input = new RandomCluster(seed, maxNetworkPolicies: seed % 2 == 0 ? 4 : 60).Generate();
            var model = PolicyCompiler.Compile(input);
            var peers = Enumerable.Range(0, model.Pods.Length).Select(TrafficEndpoint.Pod)
                .Concat(RandomCluster.ExternalAddresses.Select(TrafficEndpoint.External)).ToList();
            foreach (var port in RandomCluster.Ports)
            {
                for (var p = 0; p < model.Pods.Length; p++)
                {
                    foreach (var peer in peers)
                    {
                        var self = TrafficEndpoint.Pod(p);
                        Same(model.Check(peer, self, Protocol.Tcp, port).Ingress!, model.Decide(p, TrafficDirection.Ingress, peer, Protocol.Tcp, port), seed);
                        Same(model.Check(self, peer, Protocol.Udp, port).Egress!, model.Decide(p, TrafficDirection.Egress, peer, Protocol.Udp, port), seed);
                        foreach (var direction in new[] { TrafficDirection.Ingress, TrafficDirection.Egress })
                        {
                            var decision = model.Decide(p, direction, peer, Protocol.Tcp, port);
                            if (!model.IsConstrained(p, direction) && (!decision.Allowed || decision.DecidedBy != PolicyTier.Default))
                            {
                                throw new InvalidOperationException($"seed {seed}: {model.Pods[p].Key} {direction} is unconstrained but decided {decision}");
                            }
                        }
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    private static bool IndexedRules(PolicyModel model, Weft.Policy.Inputs.PolicyInput input, int pod)
    {
        var selecting = model.Check(TrafficEndpoint.Pod(pod), TrafficEndpoint.Pod(pod), Protocol.Tcp, 80).Ingress!.NetworkPolicies;
        return input.NetworkPolicies.Where(p => selecting.Contains(p.Key)).Sum(p => p.Ingress.Length) > DirectionPolicy.IndexThreshold;
    }

    private static void Same(DirectionVerdict verdict, DirectionDecision decision, int seed)
    {
        var expected = (verdict.Allowed, verdict.DecidedBy, verdict.Isolated, verdict.Match?.Policy, verdict.Match?.RuleIndex,
            string.IsNullOrEmpty(verdict.Match?.RuleName) ? null : verdict.Match.RuleName, verdict.Match?.Action, verdict.NetworkPolicies.FirstOrDefault());
        var actual = (decision.Allowed, decision.DecidedBy, decision.Isolated, decision.Policy, decision.RuleIndex,
            string.IsNullOrEmpty(decision.RuleName) ? null : decision.RuleName, decision.Action, decision.IsolatingPolicy);
        if (expected != actual)
        {
            throw new InvalidOperationException($"seed {seed}: {verdict.Pod} {verdict.Direction}: Check {expected} vs Decide {actual}");
        }
    }
}
