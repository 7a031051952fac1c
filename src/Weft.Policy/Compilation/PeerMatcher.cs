using Weft.Api.Net;
using Weft.Policy.Identities;

namespace Weft.Policy.Compilation;

/// <summary>
/// One compiled peer: either a set of identities (pod/namespace selectors resolved through the
/// <see cref="SelectorCache"/>), or a CIDR with exceptions (ipBlock, ANP networks). A CIDR matches
/// external addresses and pod addresses alike; pods without an address never match a CIDR.
/// </summary>
internal sealed class PeerMatcher
{
    private static readonly IpPrefix[] NoExceptions = [];

    private readonly IdentitySet? identities;
    private readonly IpPrefix cidr;
    private readonly IpPrefix[] except;

    private PeerMatcher(IdentitySet? identities, IpPrefix cidr, IpPrefix[] except)
    {
        this.identities = identities;
        this.cidr = cidr;
        this.except = except;
    }

    public static PeerMatcher ForIdentities(IdentitySet identities) => new(identities, default, NoExceptions);

    public static PeerMatcher ForCidr(IpPrefix cidr, IpPrefix[]? except = null) => new(null, cidr, except ?? NoExceptions);

    public IdentitySet? Identities => identities;

    /// <summary>The CIDR of an ipBlock/networks peer (null for an identity peer); its exceptions stay inside <see cref="Matches"/>.</summary>
    public IpPrefix? Cidr => identities is null ? cidr : null;

    public bool Matches(in PeerEndpoint peer)
    {
        if (identities is not null)
        {
            return peer.IdentityId >= 0 && identities.Contains(peer.IdentityId);
        }

        foreach (var address in peer.Addresses)
        {
            if (cidr.Contains(address) && !Excepted(address))
            {
                return true;
            }
        }

        return false;
    }

    private bool Excepted(IpPrefix address)
    {
        foreach (var prefix in except)
        {
            if (prefix.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
