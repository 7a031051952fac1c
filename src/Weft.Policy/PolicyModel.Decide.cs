using Weft.Api.Resources;
using Weft.Policy.Evaluation;

namespace Weft.Policy;

public sealed partial class PolicyModel
{
    /// <summary>
    /// One direction at <paramref name="pod"/> against <paramref name="peer"/> — ingress: peer → pod, egress: pod →
    /// peer — as <see cref="Check"/> decides it (an external address that belongs to a pod is that pod), but
    /// without building the explanation: no strings beyond the rule's existing names.
    /// </summary>
    public DirectionDecision Decide(int pod, TrafficDirection direction, TrafficEndpoint peer, Protocol protocol, int port)
    {
        peer = Normalize(peer);
        var local = pods[pod];
        var ingress = direction == TrafficDirection.Ingress;
        var decision = ingress ? DecideIngress(local, peer, protocol, port) : DecideEgress(local, peer, protocol, port);
        var identity = identityPolicies[local.IdentityId];
        var selecting = (ingress ? identity.Ingress : identity.Egress).NetworkPolicies;
        var isolating = selecting.Length > 0 ? selecting[0].Source.Key : null;
        if (decision.Rule is not { } rule)
        {
            return new DirectionDecision(decision.Allowed, decision.Tier, selecting.Length > 0, null, null, null, null, isolating);
        }

        if (decision.Tier == PolicyTier.NetworkPolicy)
        {
            return new DirectionDecision(true, decision.Tier, true, networkPolicies[rule.PolicyIndex].Source.Key, rule.RuleIndex, null, "Allow", isolating);
        }

        var compiled = decision.Policy!;
        var name = compiled.Source switch
        {
            AdminNetworkPolicy anp => (ingress ? anp.Ingress : anp.Egress)[rule.RuleIndex].Name,
            BaselineAdminNetworkPolicy banp => (ingress ? banp.Ingress : banp.Egress)[rule.RuleIndex].Name,
            _ => null,
        };
        return new DirectionDecision(decision.Allowed, decision.Tier, selecting.Length > 0, compiled.Source.Name, rule.RuleIndex, name, rule.Action.ToString(), isolating);
    }
}
