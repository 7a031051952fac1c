using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Policy.Evaluation;

/// <summary>Short human descriptions of peers and ports for explanations and lint messages.</summary>
public static class PolicyText
{
    public static string Selector(LabelSelector selector) => selector.IsEmpty ? "{}" : selector.ToString();

    public static string Peer(NetworkPolicyPeer peer)
    {
        if (peer.IpBlock is { } block)
        {
            return block.Except.IsDefaultOrEmpty
                ? $"ipBlock {block.Cidr}"
                : $"ipBlock {block.Cidr} except {string.Join(",", block.Except)}";
        }

        var parts = new List<string>();
        if (peer.NamespaceSelector is { } ns)
        {
            parts.Add($"namespaceSelector {Selector(ns)}");
        }

        if (peer.PodSelector is { } pods)
        {
            parts.Add($"podSelector {Selector(pods)}");
        }

        return parts.Count == 0 ? "no peer" : string.Join(" and ", parts);
    }

    public static string Port(NetworkPolicyPort port) => port.Port switch
    {
        null => $"{port.Protocol.ToApiString()} (all ports)",
        { } p when port.EndPort is { } end && !p.IsName => $"{port.Protocol.ToApiString()}/{p.Number}-{end}",
        { } p => $"{port.Protocol.ToApiString()}/{p}",
    };

    public static string Port(AdminPort port) =>
        port.NamedPort is { } name ? $"namedPort {name}"
        : port.Port is { } number ? port.EndPort is { } end ? $"{port.Protocol.ToApiString()}/{number}-{end}" : $"{port.Protocol.ToApiString()}/{number}"
        : $"{port.Protocol.ToApiString()} (all ports)";

    public static string Subject(AdminSubject subject) =>
        subject.Namespaces is { } namespaces
            ? $"namespaces {Selector(namespaces)}"
            : $"pods {Selector(subject.Pods ?? LabelSelector.Everything)} in namespaces {Selector(subject.PodNamespaces ?? LabelSelector.Everything)}";

    /// <summary>Peer <paramref name="index"/> of an (B)ANP rule: pod/namespace peers first, then networks.</summary>
    public static string AdminPeer(AdminRule rule, int index) =>
        index < 0 ? "all peers"
        : index < rule.Peers.Length ? Subject(rule.Peers[index])
        : $"networks {rule.Networks[index - rule.Peers.Length]}";
}
