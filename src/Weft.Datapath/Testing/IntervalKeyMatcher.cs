using System.Globalization;
using System.Net;
using Weft.Datapath.Nftables;

namespace Weft.Datapath.Testing;

/// <summary>
/// Looks a value up in an nft map whose keys may hold ranges (<c>10.0.0.0-10.0.0.255</c>, <c>tcp . 80-81</c>), as
/// the kernel's interval sets do: elements never overlap, so at most one matches (an overlap is a bug the kernel
/// would have refused, and throws).
/// </summary>
internal static class IntervalKeyMatcher
{
    /// <summary>An <c>ipv4_addr</c> map, exact or interval.</summary>
    public static NftVerdict? FindAddress(IReadOnlyDictionary<string, NftVerdict> elements, IPAddress address)
    {
        var value = ToUInt32(address);
        return Find(elements, key => InRange(key, value, s => ToUInt32(IPAddress.Parse(s))), address.ToString());
    }

    /// <summary>An <c>inet_proto . inet_service</c> interval map.</summary>
    public static NftVerdict? FindPort(IReadOnlyDictionary<string, NftVerdict> elements, string protocol, int port) =>
        Find(elements, key =>
        {
            var parts = key.Split(" . ");
            return parts.Length == 2 && parts[0] == protocol && InRange(parts[1], (uint)port, s => uint.Parse(s, CultureInfo.InvariantCulture));
        }, $"{protocol} . {port}");

    private static NftVerdict? Find(IReadOnlyDictionary<string, NftVerdict> elements, Func<string, bool> matches, string what)
    {
        NftVerdict? found = null;
        foreach (var (key, verdict) in elements)
        {
            if (!matches(key))
            {
                continue;
            }

            if (found is not null)
            {
                throw new InvalidOperationException($"overlapping elements for {what}: the kernel would have refused them");
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
