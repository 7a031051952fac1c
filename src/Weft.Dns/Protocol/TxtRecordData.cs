using System.Collections.Immutable;
using System.Text;

namespace Weft.Dns.Protocol;

/// <summary>
/// TXT data (RFC 1035 §3.3.14): one or more character-strings of at most 255 octets. Each string holds one char per
/// octet (Latin-1), so any bytes round-trip exactly.
/// </summary>
public sealed record TxtRecordData(ImmutableArray<string> Strings) : DnsRecordData
{
    public override DnsType Type => DnsType.TXT;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var s in Strings)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append('"');
            foreach (var c in s)
            {
                if (c is '"' or '\\')
                {
                    text.Append('\\').Append(c);
                }
                else if (c < 0x20 || c > 0x7e)
                {
                    text.Append('\\').Append(((int)c).ToString("D3"));
                }
                else
                {
                    text.Append(c);
                }
            }

            text.Append('"');
        }

        return text.ToString();
    }
}
