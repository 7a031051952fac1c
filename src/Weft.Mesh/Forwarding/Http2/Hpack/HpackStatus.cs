namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>The outcome of decoding one header block.</summary>
internal enum HpackStatus
{
    Ok,

    /// <summary>The block is malformed (RFC 7541): a connection error of type COMPRESSION_ERROR.</summary>
    CompressionError,

    /// <summary>
    /// The decoded list exceeds the limit. The whole block was still decoded (the dynamic table stays in step with
    /// the peer's), but fields past the limit were not delivered: the stream is rejected, the connection survives.
    /// </summary>
    HeaderListTooLarge,
}
