using Weft.Dns.Protocol;

namespace Weft.Dns.Server;

/// <summary>A query that goes to the upstream: its bytes (a private copy) and what the reply must fit.</summary>
internal sealed record DnsForward(byte[] Request, int RequestLength, DnsMessage Query, DnsTransport Transport, int SizeLimit);
