namespace Weft.Flows;

/// <summary>Text forms of <see cref="IpProtocol"/>: lower case in compact output, upper case as Kubernetes spells it.</summary>
public static class IpProtocolNames
{
    public static string ToLowerName(this IpProtocol protocol) => protocol switch
    {
        IpProtocol.Icmp => "icmp",
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        IpProtocol.IcmpV6 => "icmpv6",
        IpProtocol.Sctp => "sctp",
        _ => $"proto-{(byte)protocol}",
    };

    public static string ToUpperName(this IpProtocol protocol) => protocol.ToLowerName().ToUpperInvariant();

    /// <summary>Parses tcp/udp/sctp/icmp/icmpv6 in any case, or a protocol number.</summary>
    public static bool TryParse(string? text, out IpProtocol protocol)
    {
        protocol = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        switch (text.ToLowerInvariant())
        {
            case "tcp": protocol = IpProtocol.Tcp; return true;
            case "udp": protocol = IpProtocol.Udp; return true;
            case "sctp": protocol = IpProtocol.Sctp; return true;
            case "icmp": protocol = IpProtocol.Icmp; return true;
            case "icmpv6": protocol = IpProtocol.IcmpV6; return true;
            default:
                if (byte.TryParse(text, out var number))
                {
                    protocol = (IpProtocol)number;
                    return true;
                }

                return false;
        }
    }

    public static bool HasPorts(this IpProtocol protocol) =>
        protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp;
}
