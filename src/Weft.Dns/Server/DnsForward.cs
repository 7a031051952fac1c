using Weft.Dns.Protocol;

namespace Weft.Dns.Server;

/// <summary>
/// A query that goes to the upstream: the bytes to send (a private copy), the client's query and what the reply must
/// fit. <see cref="LocalAnswer"/> is set when the upstream is only asked for an ExternalName's CNAME target.
/// </summary>
internal sealed record DnsForward(byte[] Request, int RequestLength, DnsMessage Query, DnsTransport Transport, int SizeLimit)
{
    public DnsMessage? LocalAnswer { get; init; }
}
