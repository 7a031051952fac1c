using System.Buffers;
using System.Text;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Forwarding.Bridge;

/// <summary>
/// HTTP/1.1 heads to HTTP/2 field lists and back, for requests that cross between the two (RFC 9113 §8.2.2, §8.3):
/// connection-specific headers are dropped, names are lower-cased, Host becomes :authority; on the way back the
/// message framing is chosen anew (Content-Length when the length is known, chunked otherwise).
/// </summary>
internal static class Http1Fields
{
    private const int MaxNameLength = 256;

    /// <summary>A parsed HTTP/1.1 request head as the request's field list (pseudo-fields first).</summary>
    public static void FromRequest(Http1Head head, Http2HeaderList fields)
    {
        fields.Clear();
        fields.OnHeader(":method"u8, head.Method);
        fields.OnHeader(":path"u8, head.Target);
        if (head.HostLength > 0) fields.OnHeader(":authority"u8, head.Host);
        AddLines(head, fields);
    }

    /// <summary>A parsed HTTP/1.1 response head as the response's field list.</summary>
    public static void FromResponse(Http1Head head, Http2HeaderList fields)
    {
        fields.Clear();
        Span<byte> status = stackalloc byte[3];
        head.StatusCode.TryFormat(status, out _, default, System.Globalization.CultureInfo.InvariantCulture);
        fields.OnHeader(":status"u8, status);
        AddLines(head, fields);
    }

    /// <summary>
    /// The request line and headers towards an HTTP/1.1 upstream. Returns true when the body is sent chunked (it
    /// has one and no Content-Length says how long it is).
    /// </summary>
    public static bool WriteRequest(IBufferWriter<byte> output, Http2HeaderList fields, bool hasBody, ReadOnlySpan<byte> clientId, ReadOnlySpan<byte> traceParent)
    {
        output.Write(fields.Find(":method"u8));
        output.Write(" "u8);
        output.Write(fields.Find(":path"u8));
        output.Write(" HTTP/1.1\r\nHost: "u8);
        var authority = fields.Find(":authority"u8);
        output.Write(authority.IsEmpty ? fields.Find("host"u8) : authority);
        output.Write("\r\n"u8);
        var length = WriteRegular(output, fields, skipTraceParent: !traceParent.IsEmpty);
        if (!clientId.IsEmpty)
        {
            output.Write("x-weft-client-id: "u8);
            output.Write(clientId);
            output.Write("\r\n"u8);
        }

        if (!traceParent.IsEmpty)
        {
            output.Write("traceparent: "u8);
            output.Write(traceParent);
            output.Write("\r\n"u8);
        }

        var chunked = hasBody && !length;
        if (chunked) output.Write("Transfer-Encoding: chunked\r\n"u8);
        output.Write("\r\n"u8);
        return chunked;
    }

    /// <summary>
    /// The status line and headers towards an HTTP/1.1 client. <paramref name="endStream"/>: no body follows.
    /// Returns true when the body is sent chunked.
    /// </summary>
    public static bool WriteResponse(IBufferWriter<byte> output, Http2HeaderList fields, bool endStream, bool headRequest, bool close)
    {
        var statusText = fields.Find(":status"u8);
        _ = int.TryParse(statusText, out var status);
        output.Write("HTTP/1.1 "u8);
        output.Write(statusText);
        output.Write(" "u8);
        output.Write(ReasonPhrase(status));
        output.Write("\r\n"u8);
        var length = WriteRegular(output, fields, skipTraceParent: false);
        var bodiless = status is < 200 or 204 or 304;
        var chunked = false;
        if (!bodiless && !length && !headRequest)
        {
            if (endStream) output.Write("Content-Length: 0\r\n"u8);
            else
            {
                output.Write("Transfer-Encoding: chunked\r\n"u8);
                chunked = true;
            }
        }

        if (close && status >= 200) output.Write("Connection: close\r\n"u8);
        output.Write("\r\n"u8);
        return chunked;
    }

    /// <summary>Trailer fields after the last chunk, then the empty line that ends the message.</summary>
    public static void WriteTrailers(IBufferWriter<byte> output, Http2HeaderList? trailers)
    {
        output.Write("0\r\n"u8);
        if (trailers is not null) WriteRegular(output, trailers, skipTraceParent: false);
        output.Write("\r\n"u8);
    }

    /// <summary>Regular fields as header lines; true when one of them was Content-Length.</summary>
    private static bool WriteRegular(IBufferWriter<byte> output, Http2HeaderList fields, bool skipTraceParent)
    {
        var length = false;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields.Name(i);
            if (name.IsEmpty || name[0] == (byte)':') continue;
            var value = fields.Value(i);
            if (Http2HeaderRules.IsDropped(name, value)) continue;
            if (skipTraceParent && name.SequenceEqual("traceparent"u8)) continue;
            if (name.SequenceEqual("content-length"u8)) length = true;
            output.Write(name);
            output.Write(": "u8);
            output.Write(value);
            output.Write("\r\n"u8);
        }

        return length;
    }

    private static void AddLines(Http1Head head, Http2HeaderList fields)
    {
        Span<byte> lower = stackalloc byte[MaxNameLength];
        for (var i = 0; i < head.LineCount; i++)
        {
            ref readonly var line = ref head.Lines[i];
            // Host becomes :authority; the framing is HTTP/2's own.
            if (line.Kind is HeaderKind.Host or HeaderKind.TransferEncoding || !Http1Writer.IsEndToEnd(head, line)) continue;

            var name = head.Name(line);
            if (name.Length > MaxNameLength) continue; // the parser bounds lines; a name this long is not a field to keep
            var n = Ascii.ToLower(name, lower, out var written) == OperationStatus.Done ? written : 0;
            if (n == 0) continue;
            fields.OnHeader(lower[..n], head.Value(line));
        }
    }

    private static ReadOnlySpan<byte> ReasonPhrase(int status) => status switch
    {
        100 => "Continue"u8,
        103 => "Early Hints"u8,
        200 => "OK"u8,
        201 => "Created"u8,
        202 => "Accepted"u8,
        204 => "No Content"u8,
        206 => "Partial Content"u8,
        301 => "Moved Permanently"u8,
        302 => "Found"u8,
        303 => "See Other"u8,
        304 => "Not Modified"u8,
        307 => "Temporary Redirect"u8,
        308 => "Permanent Redirect"u8,
        400 => "Bad Request"u8,
        401 => "Unauthorized"u8,
        403 => "Forbidden"u8,
        404 => "Not Found"u8,
        405 => "Method Not Allowed"u8,
        409 => "Conflict"u8,
        413 => "Content Too Large"u8,
        429 => "Too Many Requests"u8,
        431 => "Request Header Fields Too Large"u8,
        500 => "Internal Server Error"u8,
        502 => "Bad Gateway"u8,
        503 => "Service Unavailable"u8,
        504 => "Gateway Timeout"u8,
        _ => ""u8,
    };
}
