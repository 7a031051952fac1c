using System.Buffers;
using System.Buffers.Binary;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// Pure frame decoding (RFC 9113 §4–§6) over a connection's receive buffer: every complete frame is checked and
/// handed to an <see cref="IHttp2FrameHandler"/>; HEADERS + CONTINUATION are assembled into one header block;
/// padding and priority fields are stripped; PRIORITY and unknown frame types are ignored. No I/O here: the
/// caller feeds buffers and writes GOAWAY with the returned error code.
/// </summary>
internal sealed class Http2FrameDecoder(int maxFrameSize = Http2PeerSettings.MinFrameSize, int maxHeaderBlock = 256 * 1024) : IDisposable
{
    private byte[]? _block;
    private int _blockLength;
    private int _blockStream;
    private bool _blockEndStream;

    /// <summary>A header block has begun and its END_HEADERS has not arrived yet (slowloris guard).</summary>
    public bool InHeaderBlock => _blockStream != 0;

    /// <summary>
    /// Decodes the complete frames at the start of <paramref name="buffer"/> and slices them off; a partial frame
    /// stays. Returns NO_ERROR, or the connection error that must end the connection.
    /// </summary>
    public Http2ErrorCode Decode(ref ReadOnlySequence<byte> buffer, IHttp2FrameHandler handler)
    {
        while (Http2FrameHeader.TryRead(buffer, out var header))
        {
            if (header.Length > maxFrameSize) return Http2ErrorCode.FrameSizeError;
            if (buffer.Length < Http2FrameHeader.Size + header.Length) break;
            var payload = buffer.Slice(Http2FrameHeader.Size, header.Length);
            buffer = buffer.Slice(payload.End);
            var error = Dispatch(header, payload, handler);
            if (error != Http2ErrorCode.NoError) return error;
        }

        return Http2ErrorCode.NoError;
    }

    public void Dispose()
    {
        if (_block is not null) ArrayPool<byte>.Shared.Return(_block);
        _block = null;
    }

    private Http2ErrorCode Dispatch(Http2FrameHeader header, ReadOnlySequence<byte> payload, IHttp2FrameHandler handler)
    {
        // Inside a header block only CONTINUATION of the same stream may follow (§6.10).
        if (InHeaderBlock && (header.Type != Http2FrameType.Continuation || header.StreamId != _blockStream)) return Http2ErrorCode.ProtocolError;
        switch (header.Type)
        {
            case Http2FrameType.Data:
                return Data(header, payload, handler);
            case Http2FrameType.Headers:
                return Headers(header, payload, handler);
            case Http2FrameType.Continuation:
                return InHeaderBlock ? Append(payload, header.Has(Http2Flags.EndHeaders), handler) : Http2ErrorCode.ProtocolError;
            case Http2FrameType.Priority:
                if (header.StreamId == 0) return Http2ErrorCode.ProtocolError;
                if (header.Length != 5) handler.OnStreamError(header.StreamId, Http2ErrorCode.FrameSizeError);
                return Http2ErrorCode.NoError;
            case Http2FrameType.RstStream:
                if (header.StreamId == 0) return Http2ErrorCode.ProtocolError;
                if (header.Length != 4) return Http2ErrorCode.FrameSizeError;
                handler.OnRstStream(header.StreamId, (Http2ErrorCode)ReadUInt32(payload));
                return Http2ErrorCode.NoError;
            case Http2FrameType.Settings:
                return Settings(header, payload, handler);
            case Http2FrameType.PushPromise:
                // Weft's client side sends ENABLE_PUSH=0 and a client never pushes (§8.4).
                return Http2ErrorCode.ProtocolError;
            case Http2FrameType.Ping:
                if (header.StreamId != 0) return Http2ErrorCode.ProtocolError;
                if (header.Length != 8) return Http2ErrorCode.FrameSizeError;
                Span<byte> opaque = stackalloc byte[8];
                payload.CopyTo(opaque);
                handler.OnPing(BinaryPrimitives.ReadUInt64BigEndian(opaque), header.Has(Http2Flags.Ack));
                return Http2ErrorCode.NoError;
            case Http2FrameType.GoAway:
                if (header.StreamId != 0) return Http2ErrorCode.ProtocolError;
                if (header.Length < 8) return Http2ErrorCode.FrameSizeError;
                handler.OnGoAway((int)(ReadUInt32(payload) & 0x7fff_ffff), (Http2ErrorCode)ReadUInt32(payload.Slice(4)));
                return Http2ErrorCode.NoError;
            case Http2FrameType.WindowUpdate:
                return WindowUpdate(header, payload, handler);
            default:
                return Http2ErrorCode.NoError; // extension frames are ignored (§5.5)
        }
    }

    private static Http2ErrorCode Data(Http2FrameHeader header, ReadOnlySequence<byte> payload, IHttp2FrameHandler handler)
    {
        if (header.StreamId == 0) return Http2ErrorCode.ProtocolError;
        if (!StripPadding(header, ref payload)) return Http2ErrorCode.ProtocolError;
        return handler.OnData(header.StreamId, payload, header.Length, header.Has(Http2Flags.EndStream));
    }

    private Http2ErrorCode Headers(Http2FrameHeader header, ReadOnlySequence<byte> payload, IHttp2FrameHandler handler)
    {
        if (header.StreamId == 0) return Http2ErrorCode.ProtocolError;
        if (!StripPadding(header, ref payload)) return Http2ErrorCode.ProtocolError;
        if (header.Has(Http2Flags.Priority))
        {
            // Stream dependency (4) and weight (1): RFC 9113 deprecates the priority scheme; skipped.
            if (payload.Length < 5) return Http2ErrorCode.FrameSizeError;
            payload = payload.Slice(5);
        }

        var endStream = header.Has(Http2Flags.EndStream);
        if (header.Has(Http2Flags.EndHeaders)) return handler.OnHeaders(header.StreamId, payload, endStream);
        _blockStream = header.StreamId;
        _blockEndStream = endStream;
        _blockLength = 0;
        return Append(payload, endHeaders: false, handler);
    }

    private Http2ErrorCode Append(ReadOnlySequence<byte> fragment, bool endHeaders, IHttp2FrameHandler handler)
    {
        var length = _blockLength + (int)fragment.Length;
        // A block this large is an attack on memory; the HPACK state is lost with it, so the connection ends.
        if (length > maxHeaderBlock) return Http2ErrorCode.EnhanceYourCalm;
        if (_block is null || _block.Length < length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
            if (_block is not null)
            {
                _block.AsSpan(0, _blockLength).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_block);
            }

            _block = grown;
        }

        fragment.CopyTo(_block.AsSpan(_blockLength));
        _blockLength = length;
        if (!endHeaders) return Http2ErrorCode.NoError;
        var stream = _blockStream;
        _blockStream = 0;
        return handler.OnHeaders(stream, new ReadOnlySequence<byte>(_block, 0, _blockLength), _blockEndStream);
    }

    private static Http2ErrorCode Settings(Http2FrameHeader header, ReadOnlySequence<byte> payload, IHttp2FrameHandler handler)
    {
        if (header.StreamId != 0) return Http2ErrorCode.ProtocolError;
        if (header.Has(Http2Flags.Ack))
        {
            if (header.Length != 0) return Http2ErrorCode.FrameSizeError;
            handler.OnSettingsAck();
            return Http2ErrorCode.NoError;
        }

        return header.Length % 6 != 0 ? Http2ErrorCode.FrameSizeError : handler.OnSettings(payload);
    }

    private static Http2ErrorCode WindowUpdate(Http2FrameHeader header, ReadOnlySequence<byte> payload, IHttp2FrameHandler handler)
    {
        if (header.Length != 4) return Http2ErrorCode.FrameSizeError;
        var increment = (int)(ReadUInt32(payload) & 0x7fff_ffff);
        if (increment != 0) return handler.OnWindowUpdate(header.StreamId, increment);
        if (header.StreamId == 0) return Http2ErrorCode.ProtocolError;
        handler.OnStreamError(header.StreamId, Http2ErrorCode.ProtocolError);
        return Http2ErrorCode.NoError;
    }

    /// <summary>Removes the pad length octet and the padding (§6.1); false when the padding is not shorter than the payload.</summary>
    private static bool StripPadding(Http2FrameHeader header, ref ReadOnlySequence<byte> payload)
    {
        if (!header.Has(Http2Flags.Padded)) return true;
        if (payload.IsEmpty) return false;
        var pad = payload.FirstSpan[0];
        if (pad >= payload.Length) return false;
        payload = payload.Slice(1, payload.Length - 1 - pad);
        return true;
    }

    private static uint ReadUInt32(ReadOnlySequence<byte> payload)
    {
        Span<byte> bytes = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
