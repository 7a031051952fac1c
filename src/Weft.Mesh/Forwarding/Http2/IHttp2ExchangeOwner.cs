namespace Weft.Mesh.Forwarding.Http2;

/// <summary>The routing side of an exchange (the listener): balancing, retries, golden metrics.</summary>
internal interface IHttp2ExchangeOwner
{
    /// <summary>A request's header block arrived on a downstream connection; its stream is registered.</summary>
    void OnRequest(Http2Exchange exchange);

    /// <summary>The upstream's final response headers arrived (before they are forwarded).</summary>
    void OnResponseStarted(Http2Exchange exchange);

    /// <summary>
    /// The upstream failed before a response: the owner retries elsewhere or answers with an error status.
    /// <paramref name="unprocessed"/>: the upstream said it did not process the stream (REFUSED_STREAM, GOAWAY).
    /// </summary>
    void OnUpstreamFailed(Http2Exchange exchange, ForwarderError error, bool unprocessed);

    /// <summary>The exchange is over (called once, under the exchange's lock).</summary>
    void OnCompleted(Http2Exchange exchange);
}
