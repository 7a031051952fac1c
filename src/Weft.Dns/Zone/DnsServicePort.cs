namespace Weft.Dns.Zone;

/// <summary>A service port; only named ports get SRV records (specification §2.3.2).</summary>
public sealed record DnsServicePort(string? Name, DnsPortProtocol Protocol, int Port);
