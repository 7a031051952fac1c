namespace Weft.Mesh.Config;

/// <summary>How a listener accepts connections.</summary>
public enum ListenerSecurity
{
    /// <summary>Plaintext from the application; the protocol is detected from the first bytes.</summary>
    Plain,

    /// <summary>Mutual TLS from a peer proxy: TLS 1.3, a client certificate chaining to the trust root is required.</summary>
    MutualTls,

    /// <summary>
    /// Either, decided per connection: a TLS ClientHello is terminated as mutual TLS from a peer proxy, anything else
    /// is plaintext (the sidecar's inbound listener: meshed and unmeshed clients reach the same redirected port).
    /// </summary>
    Permissive,
}
