using System.Net;
using System.Net.Sockets;
using Weft.Api.Net;

namespace Weft.Cni.Spec;

/// <summary>An interface address with its prefix length, e.g. 10.244.1.5/24 (host bits kept, unlike <see cref="IpPrefix"/>).</summary>
public sealed record CidrAddress(IPAddress Address, int PrefixLength)
{
    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork;

    public IpPrefix Network => IpPrefix.Create(Address, PrefixLength);

    public static bool TryParse(string? text, out CidrAddress? value)
    {
        value = null;
        if (text is null || !IpPrefix.TryParse(text, out var prefix, out _))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(text[..slash]);
        value = new CidrAddress(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, prefix.Length);
        return true;
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
