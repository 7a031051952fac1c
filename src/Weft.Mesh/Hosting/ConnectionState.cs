using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Weft.Mesh.Hosting;

/// <summary>What the connection middlewares learned about one accepted connection, kept in its Items.</summary>
internal sealed class ConnectionState(ProxyListener listener)
{
    private const string Key = "weft.connection";

    public ProxyListener Listener { get; } = listener;

    /// <summary>The client's SPIFFE ID proven by mTLS, or "".</summary>
    public string PeerIdentity { get; set; } = "";

    /// <summary>Where a redirected connection was going (transparent listeners), else null.</summary>
    public System.Net.IPEndPoint? OriginalDestination { get; set; }

    /// <summary>A TLS handshake outcome was already counted for this connection.</summary>
    public bool HandshakeCounted { get; set; }

    public void Attach(IDictionary<object, object?> items) => items[Key] = this;

    public static ConnectionState? From(IDictionary<object, object?> items) => items.TryGetValue(Key, out var s) ? s as ConnectionState : null;

    public static ConnectionState? From(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>() is { } f ? From(f.Items) : null;
}
