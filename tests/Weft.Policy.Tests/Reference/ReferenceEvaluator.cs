using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Policy.Inputs;

namespace Weft.Policy.Tests.Reference;

/// <summary>
/// The specification read literally, for comparison with the compiled engine: no identities, no caches,
/// every policy scanned for every question. Deliberately shares no code with Weft.Policy.
/// </summary>
internal sealed class ReferenceEvaluator
{
    private readonly PolicyInput input;
    private readonly Dictionary<string, ImmutableSortedDictionary<string, string>> namespaceLabels = new(StringComparer.Ordinal);

    public ReferenceEvaluator(PolicyInput input)
    {
        this.input = input;
        foreach (var ns in input.Namespaces)
        {
            namespaceLabels[ns.Name] = ns.Metadata.Labels.SetItem("kubernetes.io/metadata.name", ns.Name);
        }
    }

    /// <summary>Either end may be a pod or an external address (not both external).</summary>
    public bool Allowed(Pod? sourcePod, IPAddress? sourceAddress, Pod? destinationPod, IPAddress? destinationAddress, Protocol protocol, int port)
    {
        var egress = sourcePod is null || DirectionAllowed(sourcePod, ingress: false, destinationPod, destinationAddress, destinationPod, protocol, port);
        var ingress = destinationPod is null || DirectionAllowed(destinationPod, ingress: true, sourcePod, sourceAddress, destinationPod, protocol, port);
        return egress && ingress;
    }

    private ImmutableSortedDictionary<string, string> NamespaceLabels(string name) =>
        namespaceLabels.TryGetValue(name, out var labels) ? labels : ImmutableSortedDictionary<string, string>.Empty.Add("kubernetes.io/metadata.name", name);

    private bool DirectionAllowed(Pod subject, bool ingress, Pod? peerPod, IPAddress? peerAddress, Pod? destination, Protocol protocol, int port)
    {
        var passed = false;
        foreach (var anp in input.AdminNetworkPolicies.OrderBy(a => a.Priority).ThenBy(a => a.Name, StringComparer.Ordinal))
        {
            if (passed || !InSubject(anp.Subject, subject))
            {
                continue;
            }

            foreach (var rule in ingress ? anp.Ingress : anp.Egress)
            {
                if (AdminRuleMatches(rule, peerPod, peerAddress, destination, protocol, port))
                {
                    if (rule.Action == AdminRuleAction.Allow)
                    {
                        return true;
                    }

                    if (rule.Action == AdminRuleAction.Deny)
                    {
                        return false;
                    }

                    passed = true;
                    break;
                }
            }
        }

        var selecting = input.NetworkPolicies
            .Where(p => p.Namespace == subject.Namespace && p.PodSelector.Matches(subject.Metadata.Labels))
            .Where(p => ingress ? p.AppliesToIngress : p.AppliesToEgress)
            .ToList();
        if (selecting.Count > 0)
        {
            return selecting.Any(p => (ingress ? p.Ingress : p.Egress).Any(r => NetworkPolicyRuleMatches(p, r, peerPod, peerAddress, destination, protocol, port)));
        }

        if (input.BaselineAdminNetworkPolicy is { } banp && InSubject(banp.Subject, subject))
        {
            foreach (var rule in ingress ? banp.Ingress : banp.Egress)
            {
                if (AdminRuleMatches(rule, peerPod, peerAddress, destination, protocol, port))
                {
                    return rule.Action == AdminRuleAction.Allow;
                }
            }
        }

        return true;
    }

    private bool InSubject(AdminSubject subject, Pod pod)
    {
        if (subject.Namespaces is { } namespaces)
        {
            return namespaces.Matches(NamespaceLabels(pod.Namespace));
        }

        return (subject.PodNamespaces?.Matches(NamespaceLabels(pod.Namespace)) ?? true)
            && (subject.Pods?.Matches(pod.Metadata.Labels) ?? true);
    }

    private static ImmutableArray<IPAddress> AddressesOf(Pod? pod, IPAddress? address) =>
        pod is not null ? pod.PodIPs : address is not null ? [address] : [];

    private bool AdminRuleMatches(AdminRule rule, Pod? peerPod, IPAddress? peerAddress, Pod? destination, Protocol protocol, int port)
    {
        var portOk = rule.Ports.IsDefaultOrEmpty || rule.Ports.Any(p =>
            p.NamedPort is { } name
                ? destination is not null && destination.Spec.Containers.SelectMany(c => c.Ports).Any(cp => cp.Name == name && cp.Protocol == protocol && cp.Port == port)
                : p.Protocol == protocol && (p.Port is not { } start || (port >= start && port <= (p.EndPort ?? start))));
        if (!portOk)
        {
            return false;
        }

        var podPeer = peerPod is not null && rule.Peers.Any(peer => InSubject(peer, peerPod));
        var networkPeer = rule.Networks.Any(n => AddressesOf(peerPod, peerAddress).Any(n.Contains));
        return podPeer || networkPeer;
    }

    private bool NetworkPolicyRuleMatches(NetworkPolicy policy, NetworkPolicyRule rule, Pod? peerPod, IPAddress? peerAddress, Pod? destination, Protocol protocol, int port)
    {
        var portOk = rule.Ports.IsDefaultOrEmpty || rule.Ports.Any(p =>
            p.Protocol == protocol && p.Port switch
            {
                null => true,
                { IsName: true } named => destination is not null
                    && destination.Spec.Containers.SelectMany(c => c.Ports).Any(cp => cp.Name == named.Name && cp.Protocol == p.Protocol && cp.Port == port),
                { } number => port >= number.Number && port <= (p.EndPort ?? number.Number),
            });
        if (!portOk)
        {
            return false;
        }

        return rule.Peers.IsDefaultOrEmpty || rule.Peers.Any(peer =>
        {
            if (peer.IpBlock is { } block)
            {
                return AddressesOf(peerPod, peerAddress).Any(block.Contains);
            }

            if (peerPod is null)
            {
                return false;
            }

            if (peer.NamespaceSelector is { } nsSelector)
            {
                return nsSelector.Matches(NamespaceLabels(peerPod.Namespace)) && (peer.PodSelector?.Matches(peerPod.Metadata.Labels) ?? true);
            }

            return peer.PodSelector is { } podSelector && peerPod.Namespace == policy.Namespace && podSelector.Matches(peerPod.Metadata.Labels);
        });
    }
}
