using System.Buffers;
using System.Text;

namespace Weft.Mesh.Forwarding.Http1;

/// <summary>
/// Writes a parsed head back out for the next hop: start line and kept header lines byte for byte, hop-by-hop
/// headers dropped (RFC 9110 §7.6.1, plus Weft's own hop headers), nothing added but Weft's optional client identity
/// and, towards a client, <c>Connection: close</c> when the proxy will close.
/// </summary>
internal static class Http1Writer
{
    public static void WriteRequestHead(IBufferWriter<byte> output, Http1Head head, ReadOnlySpan<byte> clientIdHeader) =>
        WriteRequestHead(output, head, clientIdHeader, default);

    /// <param name="traceParentLine">When tracing, "traceparent: …\r\n" naming the proxy's span: replaces the request's own.</param>
    public static void WriteRequestHead(IBufferWriter<byte> output, Http1Head head, ReadOnlySpan<byte> clientIdHeader, ReadOnlySpan<byte> traceParentLine)
    {
        output.Write(head.Bytes.AsSpan(0, head.StartLineLength));
        WriteHeaders(output, head, replaceTraceParent: !traceParentLine.IsEmpty);
        if (!clientIdHeader.IsEmpty) output.Write(clientIdHeader);
        if (!traceParentLine.IsEmpty) output.Write(traceParentLine);
        output.Write("\r\n"u8);
    }

    /// <summary>The response towards the client, always as HTTP/1.1 (the proxy's own version).</summary>
    public static void WriteResponseHead(IBufferWriter<byte> output, Http1Head head, bool close)
    {
        output.Write("HTTP/1.1"u8);
        output.Write(head.Bytes.AsSpan(8, head.StartLineLength - 8));
        WriteHeaders(output, head);
        if (close) output.Write("Connection: close\r\n"u8);
        output.Write("\r\n"u8);
    }

    /// <summary>A response the proxy makes itself (errors, timeouts): no body.</summary>
    public static void WriteStatus(IBufferWriter<byte> output, int status, bool close)
    {
        var line = status switch
        {
            400 => "HTTP/1.1 400 Bad Request\r\n"u8,
            408 => "HTTP/1.1 408 Request Timeout\r\n"u8,
            499 => "HTTP/1.1 499 Client Closed Request\r\n"u8,
            503 => "HTTP/1.1 503 Service Unavailable\r\n"u8,
            504 => "HTTP/1.1 504 Gateway Timeout\r\n"u8,
            _ => "HTTP/1.1 502 Bad Gateway\r\n"u8,
        };
        output.Write(line);
        output.Write(close ? "Content-Length: 0\r\nConnection: close\r\n\r\n"u8 : "Content-Length: 0\r\n\r\n"u8);
    }

    /// <summary>"x-weft-client-id: ID\r\n" for an mTLS listener that forwards the client's identity.</summary>
    public static byte[] ClientIdHeader(string identity) =>
        Encoding.ASCII.GetBytes(string.Concat(HopByHopHeaders.ClientId, ": ", identity, "\r\n"));

    private static void WriteHeaders(IBufferWriter<byte> output, Http1Head head, bool replaceTraceParent = false)
    {
        for (var i = 0; i < head.LineCount; i++)
        {
            ref readonly var line = ref head.Lines[i];
            if (!IsEndToEnd(head, line)) continue;
            if (replaceTraceParent && line.Kind == HeaderKind.Other && Ascii.EqualsIgnoreCase(head.Name(line), "traceparent"u8)) continue;
            output.Write(head.Line(line));
        }
    }

    /// <summary>
    /// Whether a header line crosses the proxy: not hop-by-hop (RFC 9110 §7.6.1) nor named by Connection, TE only as
    /// "trailers", Content-Length not when Transfer-Encoding overrides it.
    /// </summary>
    public static bool IsEndToEnd(Http1Head head, in HeaderLine line) => line.Kind switch
    {
        HeaderKind.Dropped or HeaderKind.Connection or HeaderKind.Unsupported => false,
        HeaderKind.Te => Ascii.EqualsIgnoreCase(head.Value(line), "trailers"u8),
        HeaderKind.ContentLength => !head.DropContentLength,
        HeaderKind.Other => !head.ConnectionOptions || !NamedInConnection(head, head.Name(line)),
        _ => true,
    };

    private static bool NamedInConnection(Http1Head head, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < head.LineCount; i++)
        {
            ref readonly var line = ref head.Lines[i];
            if (line.Kind == HeaderKind.Connection && Http1Parser.ContainsToken(head.Value(line), name)) return true;
        }

        return false;
    }
}
