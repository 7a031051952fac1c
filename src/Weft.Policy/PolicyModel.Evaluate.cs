using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;

namespace Weft.Policy;

public sealed partial class PolicyModel
{
    /// <summary>The verdict alone for pod → pod, without building an explanation (the matrix's hot path).</summary>
    public bool IsAllowed(int sourcePod, int destinationPod, Protocol protocol, int port)
    {
        var source = pods[sourcePod];
        var destination = pods[destinationPod];
        return Decide(identityPolicies[source.IdentityId].Egress, false, new PeerEndpoint(destination.IdentityId, destination.Addresses), destination, protocol, port).Allowed
            && Decide(identityPolicies[destination.IdentityId].Ingress, true, new PeerEndpoint(source.IdentityId, source.Addresses), destination, protocol, port).Allowed;
    }

    internal Decision DecideEgress(CompiledPod source, TrafficEndpoint to, Protocol protocol, int port)
    {
        var destination = to.IsPod ? pods[to.PodIndex] : null;
        return Decide(identityPolicies[source.IdentityId].Egress, false, PeerOf(to), destination, protocol, port);
    }

    internal Decision DecideIngress(CompiledPod destination, TrafficEndpoint from, Protocol protocol, int port) =>
        Decide(identityPolicies[destination.IdentityId].Ingress, true, PeerOf(from), destination, protocol, port);

    private PeerEndpoint PeerOf(TrafficEndpoint endpoint) =>
        endpoint.IsPod
            ? new PeerEndpoint(pods[endpoint.PodIndex].IdentityId, pods[endpoint.PodIndex].Addresses)
            : new PeerEndpoint(-1, [IpPrefix.Host(endpoint.Address!)]);

    /// <summary>
    /// One direction through the tiers: ANPs in priority order, first matching rule decides (Pass skips the
    /// remaining ANPs); then NetworkPolicy if it isolates the pod (union of allows, else deny); then the BANP's
    /// first matching rule; then allow.
    /// </summary>
    private static Decision Decide(DirectionPolicy policy, bool ingress, in PeerEndpoint peer, CompiledPod? destination, Protocol protocol, int port)
    {
        CompiledPolicy? passedBy = null;
        CompiledRule? passRule = null;
        foreach (var admin in policy.AdminPolicies)
        {
            foreach (var rule in admin.Rules(ingress))
            {
                if (rule.Matches(peer, destination, protocol, port, out var peerIndex, out var portIndex))
                {
                    if (rule.Action == AdminRuleAction.Pass)
                    {
                        passedBy = admin;
                        passRule = rule;
                        goto NetworkPolicyTier;
                    }

                    return new Decision(rule.Action == AdminRuleAction.Allow, PolicyTier.AdminNetworkPolicy, admin, rule, peerIndex, portIndex);
                }
            }
        }

    NetworkPolicyTier:
        if (policy.Isolated)
        {
            foreach (var rule in policy.NetworkPolicyRules)
            {
                if (rule.Matches(peer, destination, protocol, port, out var peerIndex, out var portIndex))
                {
                    return new Decision(true, PolicyTier.NetworkPolicy, null, rule, peerIndex, portIndex) { PassedBy = passedBy, PassRule = passRule };
                }
            }

            return new Decision(false, PolicyTier.NetworkPolicy, null, null, -1, -1) { PassedBy = passedBy, PassRule = passRule };
        }

        if (policy.Baseline is { } baseline)
        {
            foreach (var rule in baseline.Rules(ingress))
            {
                if (rule.Matches(peer, destination, protocol, port, out var peerIndex, out var portIndex))
                {
                    return new Decision(rule.Action == AdminRuleAction.Allow, PolicyTier.BaselineAdminNetworkPolicy, baseline, rule, peerIndex, portIndex) { PassedBy = passedBy, PassRule = passRule };
                }
            }
        }

        return new Decision(true, PolicyTier.Default, null, null, -1, -1) { PassedBy = passedBy, PassRule = passRule };
    }
}
