namespace Weft.Mesh.Detection;

/// <summary>What the first bytes of a connection say it carries.</summary>
public enum DetectedProtocol
{
    /// <summary>Not enough bytes yet to decide.</summary>
    NeedMore,

    /// <summary>HTTP/1.0 or HTTP/1.1 request line.</summary>
    Http1,

    /// <summary>The HTTP/2 connection preface (prior knowledge, RFC 9113 §3.4).</summary>
    Http2,

    /// <summary>A TLS ClientHello from the application: forwarded untouched.</summary>
    Tls,

    /// <summary>Anything else: forwarded as an opaque byte stream.</summary>
    Opaque,
}
