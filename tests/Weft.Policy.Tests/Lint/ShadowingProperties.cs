using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;
using Weft.Policy.Lint;
using Weft.Policy.Tests.Reference;

namespace Weft.Policy.Tests.Lint;

public sealed class ShadowingProperties
{
    [Fact]
    public void ShadowedAnpRule_NeverDecidesAnyConnection()
    {
        var shadowedSeen = 0;
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var model = PolicyCompiler.Compile(new RandomCluster(seed, maxAdminPolicies: 12).Generate());
            var shadowed = PolicyLinter.Lint(model)
                .Where(w => w.Message.Contains("is shadowed by", StringComparison.Ordinal))
                .Select(w => (Policy: w.Policy["AdminNetworkPolicy ".Length..], Field: w.Field))
                .ToHashSet();
            shadowedSeen += shadowed.Count;
            foreach (var protocol in RandomCluster.Protocols)
            {
                foreach (var port in RandomCluster.Ports)
                {
                    for (var s = 0; s < model.Pods.Length; s++)
                    {
                        for (var d = 0; d < model.Pods.Length; d++)
                        {
                            var verdict = model.Check(TrafficEndpoint.Pod(s), TrafficEndpoint.Pod(d), protocol, port);
                            foreach (var direction in new[] { verdict.Ingress!, verdict.Egress! })
                            {
                                if (direction.Match is { Tier: PolicyTier.AdminNetworkPolicy } match)
                                {
                                    var field = $"spec.{(direction.Direction == TrafficDirection.Ingress ? "ingress" : "egress")}[{match.RuleIndex}]";
                                    if (shadowed.Contains((match.Policy, field)))
                                    {
                                        throw new InvalidOperationException($"seed {seed}: {match.Policy} {field} reported shadowed but decided {verdict.From} -> {verdict.To} {protocol}/{port}");
                                    }
                                }
                            }
                        }
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
        shadowedSeen.ShouldBeGreaterThan(0, "the generator should produce some shadowed rules");
    }
}
