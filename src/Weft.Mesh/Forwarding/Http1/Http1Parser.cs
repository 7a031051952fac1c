using System.Buffers;
using System.Text;

namespace Weft.Mesh.Forwarding.Http1;

/// <summary>
/// Strict HTTP/1.1 head parser for the proxy's fast path (RFC 9112). It accepts only what it can forward byte for
/// byte: origin-form targets, HTTP/1.1 requests, CRLF line ends, no obs-fold, one Host, unambiguous framing. Anything
/// else is <see cref="ParseResult.Fallback"/> for requests (the full HTTP server then takes the connection and
/// answers or rejects it) and <see cref="ParseResult.Invalid"/> for responses.
/// </summary>
internal static class Http1Parser
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    // RFC 9110 §5.6.2 tchar.
    private static readonly SearchValues<byte> TChar = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Finds a complete head at the start of <paramref name="buffer"/>: its length including the empty line, or -1.</summary>
    public static long FindEndOfHead(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            var i = buffer.FirstSpan.IndexOf(EndOfHead);
            return i < 0 ? -1 : i + 4;
        }

        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, EndOfHead, advancePastDelimiter: true) ? reader.Consumed : -1;
    }

    /// <summary>Parses the request head loaded into <paramref name="head"/>.</summary>
    public static ParseResult ParseRequest(Http1Head head)
    {
        var bytes = head.Span;
        var lineEnd = bytes.IndexOf("\r\n"u8);
        if (lineEnd < 0) return ParseResult.Fallback;
        var line = bytes[..lineEnd];
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || line[..sp1].ContainsAnyExcept(TChar)) return ParseResult.Fallback;
        var rest = line[(sp1 + 1)..];
        var sp2 = rest.IndexOf((byte)' ');
        if (sp2 <= 0 || rest[0] != (byte)'/') return ParseResult.Fallback;
        if (rest[..sp2].ContainsAnyExceptInRange((byte)0x21, (byte)0x7E)) return ParseResult.Fallback;
        if (!rest[(sp2 + 1)..].SequenceEqual("HTTP/1.1"u8)) return ParseResult.Fallback;
        head.MethodLength = sp1;
        head.TargetStart = sp1 + 1;
        head.TargetLength = sp2;
        head.StartLineLength = lineEnd + 2;

        if (!ParseHeaders(head, request: true)) return ParseResult.Fallback;
        if (head.HostLength == 0 && !HasHost(head)) return ParseResult.Fallback;
        return ParseResult.Ok;
    }

    /// <summary>Parses the response head loaded into <paramref name="head"/>; <paramref name="headRequest"/>: it answers a HEAD.</summary>
    public static ParseResult ParseResponse(Http1Head head, bool headRequest)
    {
        var bytes = head.Span;
        var lineEnd = bytes.IndexOf("\r\n"u8);
        // "HTTP/1.x SSS" then optionally " reason".
        if (lineEnd < 12 || !bytes.StartsWith("HTTP/1."u8) || bytes[8] != (byte)' ') return ParseResult.Invalid;
        if (bytes[7] == (byte)'0') head.Http10 = true;
        else if (bytes[7] != (byte)'1') return ParseResult.Invalid;
        var code = 0;
        for (var i = 9; i < 12; i++)
        {
            var d = bytes[i] - '0';
            if ((uint)d > 9) return ParseResult.Invalid;
            code = (code * 10) + d;
        }

        if (code < 100 || (lineEnd > 12 && bytes[12] != (byte)' ')) return ParseResult.Invalid;
        if (bytes[..lineEnd].ContainsAny((byte)'\r', (byte)'\n')) return ParseResult.Invalid;
        head.StatusCode = code;
        head.StartLineLength = lineEnd + 2;
        if (head.Http10) head.Close = true;
        if (!ParseHeaders(head, request: false)) return ParseResult.Invalid;

        // RFC 9112 §6.3: HEAD, 1xx, 204 and 304 have no body whatever the headers say.
        if (headRequest || code < 200 || code == 204 || code == 304)
        {
            head.Framing = BodyFraming.None;
        }
        else if (head.Framing == BodyFraming.None)
        {
            head.Framing = BodyFraming.CloseDelimited;
            head.Close = true;
        }

        return ParseResult.Ok;
    }

    private static bool HasHost(Http1Head head)
    {
        for (var i = 0; i < head.LineCount; i++)
        {
            if (head.Lines[i].Kind == HeaderKind.Host) return true;
        }

        return false;
    }

    /// <summary>Header lines after the start line; false on anything the fast path refuses.</summary>
    private static bool ParseHeaders(Http1Head head, bool request)
    {
        var bytes = head.Span;
        var pos = head.StartLineLength;
        var hosts = 0;
        var sawLength = false;
        var sawEncoding = false;
        while (true)
        {
            var lineEnd = bytes[pos..].IndexOf((byte)'\n');
            if (lineEnd < 1 || bytes[pos + lineEnd - 1] != (byte)'\r') return false;
            var line = bytes.Slice(pos, lineEnd - 1);
            if (line.IsEmpty) break; // the empty line ending the head
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAnyExcept(TChar)) return false; // also rejects obs-fold and "name :"
            var value = line[(colon + 1)..];
            var valueStart = colon + 1;
            while (value.Length > 0 && (value[0] == (byte)' ' || value[0] == (byte)'\t')) { value = value[1..]; valueStart++; }
            while (value.Length > 0 && (value[^1] == (byte)' ' || value[^1] == (byte)'\t')) value = value[..^1];
            if (value.ContainsAny((byte)'\r', (byte)'\0')) return false;
            var kind = Classify(line[..colon], request);
            // Expect: 100-continue is forwarded (RFC 9110 §10.1.1: the proxy passes the head on, the upstream's 100
            // comes back as an interim response); any other expectation goes to the full server (417).
            if (kind == HeaderKind.Unsupported && colon == 6 && Ascii.EqualsIgnoreCase(value, "100-continue"u8)) kind = HeaderKind.Other;
            switch (kind)
            {
                case HeaderKind.Unsupported:
                    return false;
                case HeaderKind.Host:
                    if (++hosts > 1) return false;
                    head.HostStart = pos + valueStart;
                    head.HostLength = value.Length;
                    break;
                case HeaderKind.ContentLength:
                    if (!TryParseLength(value, out var length) || (sawLength && length != head.ContentLength)) return false;
                    sawLength = true;
                    head.ContentLength = length;
                    break;
                case HeaderKind.TransferEncoding:
                    // Requests: exactly one "chunked" (RFC 9112 §6.1: other codings must be rejected, the full server does).
                    // Responses: chunked framing when chunked is the last coding, else the body ends at close.
                    if (request && (sawEncoding || !Ascii.EqualsIgnoreCase(value, "chunked"u8))) return false;
                    sawEncoding = true;
                    break;
                case HeaderKind.Connection:
                    if (ContainsToken(value, "close"u8)) head.Close = true;
                    else if (!request && head.Http10 && ContainsToken(value, "keep-alive"u8)) head.Close = false;
                    if (HasOtherTokens(value)) head.ConnectionOptions = true;
                    break;
                default:
                    break;
            }

            if (!head.AddLine(new HeaderLine(pos, lineEnd + 1, colon, pos + valueStart, value.Length, kind))) return false;
            pos += lineEnd + 1;
        }

        if (sawEncoding)
        {
            if (sawLength && request) return false; // request smuggling guard (RFC 9112 §6.1)
            head.DropContentLength = sawLength; // a response with both: Transfer-Encoding wins, Content-Length must not pass
            head.Framing = !request && !LastEncodingIsChunked(head) ? BodyFraming.CloseDelimited : BodyFraming.Chunked;
            if (head.Framing == BodyFraming.CloseDelimited) head.Close = true;
        }
        else if (sawLength)
        {
            head.Framing = request && head.ContentLength == 0 ? BodyFraming.None : BodyFraming.ContentLength;
        }

        return pos + 2 == head.Length;
    }

    private static bool LastEncodingIsChunked(Http1Head head)
    {
        var last = false;
        for (var i = 0; i < head.LineCount; i++)
        {
            ref readonly var line = ref head.Lines[i];
            if (line.Kind == HeaderKind.TransferEncoding) last = EndsWithChunked(head.Value(line));
        }

        return last;
    }

    private static bool EndsWithChunked(ReadOnlySpan<byte> value)
    {
        var comma = value.LastIndexOf((byte)',');
        return Ascii.EqualsIgnoreCase(value[(comma + 1)..].Trim((byte)' '), "chunked"u8);
    }

    /// <summary>Whether a comma-separated header value lists <paramref name="token"/> (case-insensitive).</summary>
    public static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token)) return true;
        }

        return false;
    }

    private static bool HasOtherTokens(ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)','))
        {
            var token = value[range].Trim(" \t"u8);
            if (token.Length > 0 && !Ascii.EqualsIgnoreCase(token, "close"u8) && !Ascii.EqualsIgnoreCase(token, "keep-alive"u8)) return true;
        }

        return false;
    }

    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 15) return false;
        foreach (var b in value)
        {
            var d = b - '0';
            if ((uint)d > 9) return false;
            length = (length * 10) + d;
        }

        return true;
    }

    private static HeaderKind Classify(ReadOnlySpan<byte> name, bool request) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "te"u8) => HeaderKind.Te,
        4 when Ascii.EqualsIgnoreCase(name, "host"u8) => HeaderKind.Host,
        6 when request && Ascii.EqualsIgnoreCase(name, "expect"u8) => HeaderKind.Unsupported,
        7 when Ascii.EqualsIgnoreCase(name, "upgrade"u8) => request ? HeaderKind.Unsupported : HeaderKind.Dropped,
        7 when Ascii.EqualsIgnoreCase(name, "trailer"u8) => HeaderKind.Dropped,
        10 when Ascii.EqualsIgnoreCase(name, "connection"u8) => HeaderKind.Connection,
        10 when Ascii.EqualsIgnoreCase(name, "keep-alive"u8) => HeaderKind.Dropped,
        14 when Ascii.EqualsIgnoreCase(name, "content-length"u8) => HeaderKind.ContentLength,
        14 when Ascii.EqualsIgnoreCase(name, "http2-settings"u8) => request ? HeaderKind.Unsupported : HeaderKind.Dropped,
        16 when Ascii.EqualsIgnoreCase(name, "proxy-connection"u8) => HeaderKind.Dropped,
        16 when Ascii.EqualsIgnoreCase(name, "x-weft-client-id"u8) => HeaderKind.Dropped,
        17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) => HeaderKind.TransferEncoding,
        17 when Ascii.EqualsIgnoreCase(name, "x-weft-orig-proto"u8) => HeaderKind.Dropped,
        18 when Ascii.EqualsIgnoreCase(name, "proxy-authenticate"u8) => HeaderKind.Dropped,
        19 when Ascii.EqualsIgnoreCase(name, "proxy-authorization"u8) => HeaderKind.Dropped,
        _ => HeaderKind.Other,
    };
}
