using System.Net;
using Weft.Api.Net;

namespace Weft.Cni.Ipam;

/// <summary>
/// One host-local style range: addresses <see cref="Start"/>..<see cref="End"/> of <see cref="Subnet"/>, never
/// the <see cref="Gateway"/>. Family-neutral: offsets are 128-bit integers.
/// </summary>
public sealed record IpamRange(IpPrefix Subnet, IPAddress Start, IPAddress End, IPAddress? Gateway)
{
    public UInt128 StartBits => IpPrefix.ToBits(Start);

    public UInt128 EndBits => IpPrefix.ToBits(End);

    /// <summary>Number of addresses between start and end inclusive (gateway included).</summary>
    public UInt128 Count => EndBits - StartBits + 1;

    public bool Contains(IPAddress address)
    {
        if (!Subnet.Contains(address))
        {
            return false;
        }

        var bits = IpPrefix.ToBits(address);
        return bits >= StartBits && bits <= EndBits;
    }

    public override string ToString() => $"{Subnet} ({Start}-{End})";
}
