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
        return Decide(false, identityPolicies[source.IdentityId].Egress, new PeerEndpoint(destination.IdentityId, destination.Addresses), destinationPod, destination, protocol, port, explain: false).Allowed
            && Decide(true, identityPolicies[destination.IdentityId].Ingress, new PeerEndpoint(source.IdentityId, source.Addresses), sourcePod, destination, protocol, port, explain: false).Allowed;
    }

    internal Decision DecideEgress(CompiledPod source, TrafficEndpoint to, Protocol protocol, int port)
    {
        var destination = to.IsPod ? pods[to.PodIndex] : null;
        return Decide(false, identityPolicies[source.IdentityId].Egress, PeerOf(to), to.PodIndex, destination, protocol, port, explain: true);
    }

    internal Decision DecideIngress(CompiledPod destination, TrafficEndpoint from, Protocol protocol, int port) =>
        Decide(true, identityPolicies[destination.IdentityId].Ingress, PeerOf(from), from.PodIndex, destination, protocol, port, explain: true);

    private PeerEndpoint PeerOf(TrafficEndpoint endpoint) =>
        endpoint.IsPod
            ? new PeerEndpoint(pods[endpoint.PodIndex].IdentityId, pods[endpoint.PodIndex].Addresses)
            : new PeerEndpoint(-1, [IpPrefix.Host(endpoint.Address!)]);

    /// <summary>
    /// One direction through the tiers: ANPs in priority order, first matching rule decides (Pass skips the
    /// remaining ANPs); then NetworkPolicy if it isolates the pod (union of allows, else deny); then the BANP's
    /// first matching rule; then allow. <paramref name="peerPodIndex"/> is -1 for an external peer.
    /// </summary>
    private Decision Decide(bool ingress, DirectionPolicy policy, in PeerEndpoint peer, int peerPodIndex, CompiledPod? destination, Protocol protocol, int port, bool explain)
    {
        CompiledPolicy? passedBy = null;
        CompiledRule? passRule = null;
        var index = ingress ? ingressAdmin : egressAdmin;
        var first = policy.AdminPolicies.Length == 0 ? -1 : index.FirstMatch(policy.AdminMask, peer, peerPodIndex, destination, protocol, port);
        if (first >= 0)
        {
            var rule = index.Rules[first];
            var owner = adminPolicies[rule.PolicyIndex];
            if (rule.Action == AdminRuleAction.Pass)
            {
                passedBy = owner;
                passRule = rule;
            }
            else
            {
                var (peerIndex, portIndex) = explain ? Indices(rule, peer, destination, protocol, port) : (-1, -1);
                return new Decision(rule.Action == AdminRuleAction.Allow, PolicyTier.AdminNetworkPolicy, owner, rule, peerIndex, portIndex);
            }
        }

        if (policy.Isolated)
        {
            if (policy.NetworkPolicyIndex is { } npIndex)
            {
                var found = npIndex.FirstMatch(peer, destination, protocol, port, out var foundPeer, out var foundPort);
                return found >= 0
                    ? new Decision(true, PolicyTier.NetworkPolicy, null, policy.NetworkPolicyRules[found], foundPeer, foundPort) { PassedBy = passedBy, PassRule = passRule }
                    : new Decision(false, PolicyTier.NetworkPolicy, null, null, -1, -1) { PassedBy = passedBy, PassRule = passRule };
            }

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

    private static (int PeerIndex, int PortIndex) Indices(CompiledRule rule, in PeerEndpoint peer, CompiledPod? destination, Protocol protocol, int port)
    {
        if (!rule.Matches(peer, destination, protocol, port, out var peerIndex, out var portIndex))
        {
            throw new InvalidOperationException("the ANP rule index and the rule disagree");
        }

        return (peerIndex, portIndex);
    }
}
