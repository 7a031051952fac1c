using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// What <see cref="Http2FrameDecoder"/> found, frame by frame; payload sequences are valid only during the call.
/// Methods returning an error code end the connection with GOAWAY(code) unless it is NO_ERROR.
/// </summary>
internal interface IHttp2FrameHandler
{
    /// <summary>DATA with padding stripped; <paramref name="flowLength"/> is the whole payload, padding included (§6.9.1).</summary>
    Http2ErrorCode OnData(int streamId, in ReadOnlySequence<byte> data, int flowLength, bool endStream);

    /// <summary>A complete header block (HEADERS + CONTINUATION assembled, padding and priority removed).</summary>
    Http2ErrorCode OnHeaders(int streamId, in ReadOnlySequence<byte> block, bool endStream);

    void OnRstStream(int streamId, Http2ErrorCode code);

    Http2ErrorCode OnSettings(in ReadOnlySequence<byte> payload);

    void OnSettingsAck();

    void OnPing(ulong opaque, bool ack);

    void OnGoAway(int lastStreamId, Http2ErrorCode code);

    Http2ErrorCode OnWindowUpdate(int streamId, int increment);

    /// <summary>A malformed frame that only concerns one stream: answer RST_STREAM(code) (§5.4.2).</summary>
    void OnStreamError(int streamId, Http2ErrorCode code);
}
