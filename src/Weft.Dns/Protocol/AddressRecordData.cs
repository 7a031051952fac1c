using System.Net;
using System.Net.Sockets;

namespace Weft.Dns.Protocol;

/// <summary>A (IPv4) or AAAA (IPv6) data; the address family decides the type.</summary>
public sealed record AddressRecordData(IPAddress Address) : DnsRecordData
{
    public override DnsType Type => Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A;

    public override string ToString() => Address.ToString();
}
