using System.Buffers;
using System.Buffers.Binary;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Writes frames (RFC 9113 §6) into a buffer; pure, no I/O. Callers keep frames of one connection in order.</summary>
internal static class Http2FrameWriter
{
    /// <summary>The client connection preface (§3.4).</summary>
    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public static void Settings(IBufferWriter<byte> output, ReadOnlySpan<(Http2Setting Id, uint Value)> settings)
    {
        var span = Frame(output, settings.Length * 6, Http2FrameType.Settings, Http2Flags.None, 0);
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[(i * 6)..], (ushort)settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(span[((i * 6) + 2)..], settings[i].Value);
        }

        output.Advance(Http2FrameHeader.Size + span.Length);
    }

    public static void SettingsAck(IBufferWriter<byte> output)
    {
        Frame(output, 0, Http2FrameType.Settings, Http2Flags.Ack, 0);
        output.Advance(Http2FrameHeader.Size);
    }

    public static void Ping(IBufferWriter<byte> output, ulong opaque, bool ack)
    {
        var span = Frame(output, 8, Http2FrameType.Ping, ack ? Http2Flags.Ack : Http2Flags.None, 0);
        BinaryPrimitives.WriteUInt64BigEndian(span, opaque);
        output.Advance(Http2FrameHeader.Size + 8);
    }

    public static void WindowUpdate(IBufferWriter<byte> output, int streamId, int increment)
    {
        var span = Frame(output, 4, Http2FrameType.WindowUpdate, Http2Flags.None, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)increment);
        output.Advance(Http2FrameHeader.Size + 4);
    }

    public static void RstStream(IBufferWriter<byte> output, int streamId, Http2ErrorCode code)
    {
        var span = Frame(output, 4, Http2FrameType.RstStream, Http2Flags.None, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)code);
        output.Advance(Http2FrameHeader.Size + 4);
    }

    public static void GoAway(IBufferWriter<byte> output, int lastStreamId, Http2ErrorCode code)
    {
        var span = Frame(output, 8, Http2FrameType.GoAway, Http2Flags.None, 0);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)code);
        output.Advance(Http2FrameHeader.Size + 8);
    }

    /// <summary>One DATA frame; <paramref name="data"/> must fit the peer's frame size and windows.</summary>
    public static void Data(IBufferWriter<byte> output, int streamId, in ReadOnlySequence<byte> data, bool endStream)
    {
        var length = (int)data.Length;
        var span = Frame(output, length, Http2FrameType.Data, endStream ? Http2Flags.EndStream : Http2Flags.None, streamId);
        data.CopyTo(span);
        output.Advance(Http2FrameHeader.Size + length);
    }

    /// <summary>A header block as HEADERS and, beyond <paramref name="maxFrameSize"/>, CONTINUATION frames (§6.10).</summary>
    public static void Headers(IBufferWriter<byte> output, int streamId, ReadOnlySpan<byte> block, bool endStream, int maxFrameSize)
    {
        var type = Http2FrameType.Headers;
        var flags = endStream ? Http2Flags.EndStream : Http2Flags.None;
        do
        {
            var length = Math.Min(block.Length, maxFrameSize);
            var last = length == block.Length;
            var span = Frame(output, length, type, last ? (byte)(flags | Http2Flags.EndHeaders) : flags, streamId);
            block[..length].CopyTo(span);
            output.Advance(Http2FrameHeader.Size + length);
            block = block[length..];
            type = Http2FrameType.Continuation;
            flags = Http2Flags.None;
        }
        while (!block.IsEmpty);
    }

    /// <summary>Writes the frame header and returns the payload span (the caller advances header + payload).</summary>
    private static Span<byte> Frame(IBufferWriter<byte> output, int length, Http2FrameType type, byte flags, int streamId)
    {
        var span = output.GetSpan(Http2FrameHeader.Size + length);
        new Http2FrameHeader(length, type, flags, streamId).Write(span);
        return span.Slice(Http2FrameHeader.Size, length);
    }
}
