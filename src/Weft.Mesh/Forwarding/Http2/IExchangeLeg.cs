using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// Where one side of an <see cref="Http2Exchange"/> lives: an HTTP/2 connection (<see cref="Http2Connection"/>), or an
/// HTTP/1.1 connection bridged into the exchange (<see cref="Bridge.Http1ClientLeg"/> towards an HTTP/1.1 client,
/// <see cref="Bridge.Http1UpstreamLeg"/> towards an HTTP/1.1 upstream). The exchange calls these under its lock.
/// </summary>
internal interface IExchangeLeg
{
    /// <summary>
    /// Sends what the leg can take now of <paramref name="stream"/>'s queue and then of <paramref name="incoming"/>;
    /// the rest waits in the stream's queue until the leg calls <see cref="Http2Exchange.Resume"/>. END_STREAM (or
    /// the trailers) follow once everything is out. Returns the body bytes taken (credited back to their sender).
    /// </summary>
    int Send(Http2Stream stream, in ReadOnlySequence<byte> incoming);

    /// <summary>Body bytes received on <paramref name="stream"/> were passed on: the sender may send that much more.</summary>
    void Credit(Http2Stream stream, int count);

    /// <summary>Ends <paramref name="stream"/> abnormally (or, with NO_ERROR after a complete response, stops its request body).</summary>
    void Reset(Http2Stream stream, Http2ErrorCode code);

    /// <summary>A header section (response headers, 1xx, trailers) for the stream's peer.</summary>
    void WriteFields(Http2Stream stream, Http2HeaderList fields, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> clientId, FieldSection section, bool endStream);

    /// <summary>A response the proxy makes itself (502, 503, 504…), without a body.</summary>
    void WriteStatus(Http2Stream stream, int status);
}
