namespace Weft.Flows;

/// <summary>IANA protocol numbers that flows name; other numbers pass through as their value.</summary>
public enum IpProtocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
    IcmpV6 = 58,
    Sctp = 132,
}
