using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Flows.Tests.Generation;

/// <summary>
/// A deliberately simple NetworkPolicy evaluator for the generator's tests (numbers, names, peers; no endPort or
/// except). The policy engine's own evaluator is the real reference; this one only has to be obviously right.
/// </summary>
internal static class ReferenceEvaluator
{
    public static bool Allowed(IReadOnlyList<NetworkPolicy> policies, Pod? source, IPAddress sourceAddress, Pod? destination, IPAddress destinationAddress, Protocol protocol, int port) =>
        Direction(policies, PolicyType.Ingress, destination, source, sourceAddress, destination, protocol, port)
        && Direction(policies, PolicyType.Egress, source, destination, destinationAddress, destination, protocol, port);

    private static bool Direction(
        IReadOnlyList<NetworkPolicy> policies, PolicyType type, Pod? subject, Pod? peer, IPAddress peerAddress, Pod? portOwner, Protocol protocol, int port)
    {
        if (subject is null)
        {
            return true;
        }

        var selecting = policies.Where(p =>
            p.Namespace == subject.Namespace
            && (type == PolicyType.Ingress ? p.AppliesToIngress : p.AppliesToEgress)
            && p.PodSelector.Matches(subject.Metadata.Labels)).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }

        return selecting.Any(policy => (type == PolicyType.Ingress ? policy.Ingress : policy.Egress).Any(rule =>
            (rule.Peers.IsDefaultOrEmpty || rule.Peers.Any(p => PeerMatches(policy, p, peer, peerAddress)))
            && (rule.Ports.IsDefaultOrEmpty || rule.Ports.Any(p => PortMatches(p, portOwner, protocol, port)))));
    }

    private static bool PeerMatches(NetworkPolicy policy, NetworkPolicyPeer peer, Pod? pod, IPAddress address)
    {
        if (peer.IpBlock is { } block)
        {
            return block.Contains(address);
        }

        if (pod is null)
        {
            return false;
        }

        var namespaceLabels = ImmutableSortedDictionary<string, string>.Empty.Add("kubernetes.io/metadata.name", pod.Namespace);
        var namespaceOk = peer.NamespaceSelector is null ? pod.Namespace == policy.Namespace : peer.NamespaceSelector.Matches(namespaceLabels);
        return namespaceOk && (peer.PodSelector is null || peer.PodSelector.Matches(pod.Metadata.Labels));
    }

    private static bool PortMatches(NetworkPolicyPort rule, Pod? owner, Protocol protocol, int port)
    {
        if (rule.Protocol != protocol)
        {
            return false;
        }

        if (rule.Port is not { } value)
        {
            return true;
        }

        if (!value.IsName)
        {
            return value.Number == port;
        }

        return owner is not null && owner.Spec.Containers.SelectMany(c => c.Ports)
            .Any(p => p.Name == value.Name && p.Port == port && p.Protocol == protocol);
    }
}
