using Weft.Api.Resources;
using Weft.Policy.Evaluation;

namespace Weft.Policy;

public sealed partial class PolicyModel
{
    /// <summary>
    /// Whether any policy of any tier can decide <paramref name="direction"/> at <paramref name="pod"/>: a
    /// NetworkPolicy isolating it, an ANP or the BANP selecting it with rules in that direction. When none does,
    /// every connection in that direction is allowed by default, whatever the peer, protocol or port.
    /// </summary>
    public bool IsConstrained(int pod, TrafficDirection direction)
    {
        var identity = identityPolicies[pods[pod].IdentityId];
        var policy = direction == TrafficDirection.Ingress ? identity.Ingress : identity.Egress;
        return policy.Isolated || policy.AdminPolicies.Length > 0 || policy.Baseline is not null;
    }

    /// <summary>
    /// The policies that decide <paramref name="direction"/> at <paramref name="pod"/>, in evaluation order: the
    /// ANPs selecting it (with rules in that direction), the NetworkPolicies isolating it, the BANP. A direction's
    /// decisions depend on nothing else but the peer and port, so a caller may reuse its earlier decisions while
    /// this list holds the same resource instances (resources are immutable).
    /// </summary>
    public IReadOnlyList<Resource> SelectingPolicies(int pod, TrafficDirection direction)
    {
        var identity = identityPolicies[pods[pod].IdentityId];
        var policy = direction == TrafficDirection.Ingress ? identity.Ingress : identity.Egress;
        var result = new List<Resource>(policy.AdminPolicies.Length + policy.NetworkPolicies.Length + 1);
        result.AddRange(policy.AdminPolicies.Select(p => p.Source));
        result.AddRange(policy.NetworkPolicies.Select(p => p.Source));
        if (policy.Baseline is { } baseline)
        {
            result.Add(baseline.Source);
        }

        return result;
    }

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
