using Weft.Api.Selectors;

namespace Weft.Api.Resources;

/// <summary>
/// A NetworkPolicy peer. Exactly one of: pod and/or namespace selector, or an ipBlock.
/// A podSelector alone selects pods in the policy's namespace; a namespaceSelector alone selects
/// all pods in matching namespaces; both together select matching pods in matching namespaces.
/// </summary>
public sealed record NetworkPolicyPeer
{
    public LabelSelector? PodSelector { get; init; }

    public LabelSelector? NamespaceSelector { get; init; }

    public IpBlock? IpBlock { get; init; }
}
