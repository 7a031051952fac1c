namespace Weft.Local.Apps.Http;

/// <summary>The request line and the few headers the echo app acts on.</summary>
internal sealed record HttpRequestHead(string Method, string Target, string Version)
{
    /// <summary>Whether the client wants the connection kept open after the response (RFC 9112 §9.3).</summary>
    public bool KeepAlive { get; init; }

    /// <summary>Request body length to discard before the next request; -1 when chunked (we then close).</summary>
    public long ContentLength { get; init; }

    public bool WantsJson { get; init; }

    public string RequestLine => $"{Method} {Target} {Version}";
}
