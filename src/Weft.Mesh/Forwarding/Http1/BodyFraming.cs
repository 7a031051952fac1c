namespace Weft.Mesh.Forwarding.Http1;

/// <summary>How the end of a message body is found (RFC 9112 §6.3).</summary>
internal enum BodyFraming : byte
{
    /// <summary>No body (requests without Content-Length/Transfer-Encoding; HEAD, 1xx, 204, 304 responses).</summary>
    None,

    ContentLength,

    Chunked,

    /// <summary>A response body that ends when the upstream closes the connection.</summary>
    CloseDelimited,
}
