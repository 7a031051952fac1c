namespace Weft.Mesh.Forwarding.Http1;

/// <summary>What the HTTP/1 fast path does with a header line.</summary>
internal enum HeaderKind : byte
{
    /// <summary>Forwarded unchanged.</summary>
    Other,

    Host,

    ContentLength,

    TransferEncoding,

    Connection,

    /// <summary>TE: forwarded only when it is exactly "trailers".</summary>
    Te,

    /// <summary>Hop-by-hop or Weft's own hop header: never forwarded.</summary>
    Dropped,

    /// <summary>Upgrade, Expect (other than 100-continue), HTTP2-Settings: the fast path hands the connection to the full HTTP server.</summary>
    Unsupported,
}
