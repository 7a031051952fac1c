using System.Globalization;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;

namespace Weft.Datapath.Testing;

/// <summary>
/// Looks a packet up in an interval map keyed <c>"ifname" . address-or-range . proto . port-or-range</c>, as the
/// kernel's pipapo set does (elements never overlap, so at most one matches).
/// </summary>
internal static class PolicyKeyMatcher
{
    public static NftVerdict? Find(IReadOnlyDictionary<string, NftVerdict> elements, string? device, IPAddress peer, Protocol protocol, int port)
    {
        if (device is null)
        {
            return null;
        }

        var quoted = $"\"{device}\"";
        var address = ToUInt32(peer);
        var proto = NftNames.Protocol(protocol);
        NftVerdict? found = null;
        foreach (var (key, verdict) in elements)
        {
            var parts = key.Split(" . ");
            if (parts.Length != 4 || parts[0] != quoted || parts[2] != proto
                || !InRange(parts[1], address, s => ToUInt32(IPAddress.Parse(s))) || !InRange(parts[3], (uint)port, s => uint.Parse(s, CultureInfo.InvariantCulture)))
            {
                continue;
            }

            if (found is not null)
            {
                throw new InvalidOperationException($"overlapping elements for {device} {peer} {proto} {port}: the kernel would have refused them");
            }

            found = verdict;
        }

        return found;
    }

    private static bool InRange(string text, uint value, Func<string, uint> parse)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? parse(text) == value : value >= parse(text[..dash]) && value <= parse(text[(dash + 1)..]);
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.MapToIPv4().GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }
}
