
namespace Weft.Mesh.Hosting;

/// <summary>
/// Per-connection state of the HTTP/2 fast path: the listener's connection state, the client identity to forward,
/// and the last authority string (labels allocate nothing while it repeats). Used from the connection's read loop only.
/// </summary>
internal sealed class Http2Session(ConnectionState? state, byte[] clientId)
{
    private readonly AuthorityCache _authority = new();

    public ConnectionState? State { get; } = state;

    /// <summary>The connection came over TLS (a peer proxy's mTLS): the scheme spans report.</summary>
    public bool Tls { get; init; }

    /// <summary>The client's address, for spans.</summary>
    public System.Net.IPAddress? ClientAddress { get; init; }

    /// <summary>The client's SPIFFE ID as bytes for x-weft-client-id towards the application, or empty.</summary>
    public byte[] ClientId { get; } = clientId;

    public string Authority(ReadOnlySpan<byte> authority) => _authority.Get(authority);
}
