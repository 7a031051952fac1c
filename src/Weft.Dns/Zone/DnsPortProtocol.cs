namespace Weft.Dns.Zone;

/// <summary>The protocol label of an SRV name (<c>_tcp</c>, <c>_udp</c>, <c>_sctp</c>).</summary>
public enum DnsPortProtocol
{
    Tcp,
    Udp,
    Sctp,
}
