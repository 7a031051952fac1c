using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.Dns.Zone;

/// <summary>Names derived from addresses: reverse-lookup names and the dashed labels of pod names.</summary>
internal static class AddressNames
{
    public const string IPv4ReverseZone = "in-addr.arpa";
    public const string IPv6ReverseZone = "ip6.arpa";

    private static readonly SearchValues<char> NotDecimal = SearchValues.Create("0123456789-");
    private static readonly SearchValues<char> NotHex = SearchValues.Create("0123456789abcdefABCDEF-");

    /// <summary><c>d.c.b.a.in-addr.arpa</c> (RFC 1035 §3.5) or the reversed nibbles under ip6.arpa (RFC 3596 §2.5).</summary>
    public static string Reverse(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var name = new StringBuilder();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                name.Append(bytes[i]).Append('.');
            }

            return name.Append(IPv4ReverseZone).ToString();
        }

        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            name.Append(HexDigit(bytes[i] & 0xF)).Append('.').Append(HexDigit(bytes[i] >> 4)).Append('.');
        }

        return name.Append(IPv6ReverseZone).ToString();
    }

    /// <summary>The pod-name label of an address: dots (IPv4) or colons (IPv6) become dashes, as kube-dns and CoreDNS do.</summary>
    public static string Dashed(IPAddress address) =>
        address.ToString().Replace(address.AddressFamily == AddressFamily.InterNetwork ? '.' : ':', '-');

    /// <summary>Parses a dashed label back to an address, strictly: IPv4 needs four decimal octets.</summary>
    public static bool TryParseDashed(ReadOnlySpan<char> label, out IPAddress? address)
    {
        address = null;
        if (label.Count('-') == 3 && !label.ContainsAnyExcept(NotDecimal))
        {
            Span<byte> octets = stackalloc byte[4];
            var part = 0;
            foreach (var range in label.Split('-'))
            {
                var text = label[range];
                if (text.Length is 0 or > 3 || !byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out octets[part]))
                {
                    return false;
                }

                part++;
            }

            address = new IPAddress(octets);
            return true;
        }

        if (label.Length > 39 || label.ContainsAnyExcept(NotHex))
        {
            return false;
        }

        Span<char> text6 = stackalloc char[label.Length];
        label.CopyTo(text6);
        text6.Replace('-', ':');
        if (IPAddress.TryParse(text6, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = parsed;
            return true;
        }

        return false;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
