using System.Collections.Immutable;
using Weft.Api.Net;

namespace Weft.Api.Resources;

public sealed record IpBlock
{
    public required IpPrefix Cidr { get; init; }

    public ImmutableArray<IpPrefix> Except { get; init; } = [];

    public bool Contains(System.Net.IPAddress address)
    {
        if (!Cidr.Contains(address))
        {
            return false;
        }

        foreach (var except in Except)
        {
            if (except.Contains(address))
            {
                return false;
            }
        }

        return true;
    }
}
