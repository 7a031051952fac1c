namespace Weft.Mesh.Forwarding.Http1;

/// <summary>Outcome of parsing a message head on the HTTP/1 fast path.</summary>
internal enum ParseResult : byte
{
    Ok,

    /// <summary>Valid or not, the fast path does not handle it: the full HTTP server takes the connection (it answers errors such as 400/431 itself).</summary>
    Fallback,

    /// <summary>A response head that is not valid HTTP/1.x (the upstream failed: 502).</summary>
    Invalid,
}
