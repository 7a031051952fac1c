using System.Buffers;

namespace Weft.Mesh.Detection;

/// <summary>
/// Pure protocol detection over the first bytes of a connection, in the style of Kestrel's HttpParser: it never
/// consumes, and answers <see cref="DetectedProtocol.NeedMore"/> until the bytes decide.
/// </summary>
public static class ProtocolDetector
{
    /// <summary>Longest request line we wait for before calling the stream opaque (Kestrel's default limit).</summary>
    public const int MaxRequestLine = 8192;

    private static ReadOnlySpan<byte> Http2Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public static DetectedProtocol Detect(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty) return DetectedProtocol.NeedMore;
        Span<byte> head = stackalloc byte[24];
        var headLength = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, headLength).CopyTo(head);
        head = head[..headLength];

        // TLS record: ContentType handshake (22), legacy version 3.x, then handshake type ClientHello (1) (RFC 8446 §5.1, §4).
        if (head[0] == 0x16)
        {
            if (head.Length < 6) return DetectedProtocol.NeedMore;
            return head[1] == 0x03 && head[5] == 0x01 ? DetectedProtocol.Tls : DetectedProtocol.Opaque;
        }

        var prefix = Math.Min(head.Length, Http2Preface.Length);
        if (head[..prefix].SequenceEqual(Http2Preface[..prefix]))
            return prefix == Http2Preface.Length ? DetectedProtocol.Http2 : DetectedProtocol.NeedMore;

        return DetectHttp1(buffer);
    }

    /// <summary>Request line: token SP request-target SP "HTTP/1." DIGIT CRLF (RFC 9112 §3).</summary>
    private static DetectedProtocol DetectHttp1(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var methodLength = 0;
        while (reader.TryRead(out var b))
        {
            if (b == (byte)' ')
            {
                if (methodLength == 0) return DetectedProtocol.Opaque;
                break;
            }

            if (!IsTokenChar(b) || ++methodLength > 32) return DetectedProtocol.Opaque;
        }

        if (reader.End) return DetectedProtocol.NeedMore;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: false))
        {
            if (buffer.Length >= MaxRequestLine) return DetectedProtocol.Opaque;
            foreach (var segment in reader.UnreadSequence)
            {
                if (segment.Span.IndexOfAny((byte)'\n', (byte)'\0') >= 0) return DetectedProtocol.Opaque;
            }

            return DetectedProtocol.NeedMore;
        }

        if (line.Length < 10) return DetectedProtocol.Opaque;
        Span<byte> version = stackalloc byte[9];
        line.Slice(line.Length - 9).CopyTo(version);
        return version[..8].SequenceEqual(" HTTP/1."u8) && version[8] is (byte)'0' or (byte)'1'
            ? DetectedProtocol.Http1
            : DetectedProtocol.Opaque;
    }

    private static bool IsTokenChar(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
