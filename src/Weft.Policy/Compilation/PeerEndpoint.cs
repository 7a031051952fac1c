using Weft.Api.Net;

namespace Weft.Policy.Compilation;

/// <summary>The other side of a connection as a rule sees it: a pod's identity and addresses, or an external address.</summary>
internal readonly struct PeerEndpoint(int identityId, IpPrefix[] addresses)
{
    /// <summary>The peer pod's identity, or -1 for an address outside the cluster's pods.</summary>
    public int IdentityId { get; } = identityId;

    /// <summary>Host prefixes (/32, /128) of the peer's addresses; empty for pods without a known IP.</summary>
    public IpPrefix[] Addresses { get; } = addresses;
}
