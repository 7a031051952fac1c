using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>One ingress or egress rule: traffic matching any peer and any port is allowed.</summary>
public sealed record NetworkPolicyRule
{
    /// <summary><c>from</c> (ingress) or <c>to</c> (egress); empty or missing matches all peers.</summary>
    public ImmutableArray<NetworkPolicyPeer> Peers { get; init; } = [];

    /// <summary>Empty or missing matches all ports.</summary>
    public ImmutableArray<NetworkPolicyPort> Ports { get; init; } = [];
}
