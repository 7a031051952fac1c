namespace Weft.Mesh.Identity;

/// <summary>Which side of the handshake the peer is: it decides the extended key usage it must carry.</summary>
public enum PeerRole
{
    /// <summary>The peer is a TLS client (we are the server): needs clientAuth.</summary>
    Client,

    /// <summary>The peer is a TLS server (we are the client): needs serverAuth.</summary>
    Server,
}
