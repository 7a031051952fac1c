namespace Weft.Mesh.Config;

/// <summary>The HTTP version used towards a plaintext upstream.</summary>
public enum UpstreamProtocol
{
    /// <summary>The version the request arrived with (HTTP/2 prior knowledge for h2c), or the original one a peer proxy recorded.</summary>
    Auto,
    Http1,
    Http2,
}
