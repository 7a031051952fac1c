namespace Weft.Dns.Server;

public enum DnsTransport
{
    Udp,
    Tcp,
}
