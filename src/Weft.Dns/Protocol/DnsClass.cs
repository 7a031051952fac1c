namespace Weft.Dns.Protocol;

/// <summary>Record classes (RFC 1035 §3.2.4); only IN is served, the others are read and written as numbers.</summary>
public enum DnsClass : ushort
{
    IN = 1,
    CH = 3,
    HS = 4,
    ANY = 255,
}
