using System.Buffers;
using System.Text;

namespace Weft.Local.Apps.Http;

/// <summary>
/// A small HTTP/1.x request-head parser in the shape of Kestrel's: it consumes from a
/// <see cref="SequenceReader{T}"/> and reports <see cref="HttpParseStatus.Incomplete"/> when it needs more bytes,
/// leaving the reader where it started. It understands only what the echo app needs.
/// </summary>
internal static class HttpRequestParser
{
    public const int MaxHeadBytes = 16 * 1024;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    public static HttpParseStatus TryRead(ref SequenceReader<byte> reader, out HttpRequestHead? head)
    {
        head = null;
        // TryReadTo leaves the reader where it was when the delimiter is missing.
        if (!reader.TryReadTo(out ReadOnlySequence<byte> headBytes, HeadEnd, advancePastDelimiter: true))
        {
            return reader.Remaining > MaxHeadBytes ? HttpParseStatus.TooLarge : HttpParseStatus.Incomplete;
        }

        if (headBytes.Length > MaxHeadBytes)
        {
            return HttpParseStatus.TooLarge;
        }

        var text = Encoding.Latin1.GetString(headBytes);
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return HttpParseStatus.Invalid;
        }

        var http11 = parts[2] == "HTTP/1.1";
        bool? connectionKeepAlive = null;
        long contentLength = 0;
        var json = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return HttpParseStatus.Invalid;
            }

            var name = lines[i].AsSpan(0, colon).Trim();
            var value = lines[i].AsSpan(colon + 1).Trim();
            if (name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Contains("close", StringComparison.OrdinalIgnoreCase))
                {
                    connectionKeepAlive = false;
                }
                else if (value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase))
                {
                    connectionKeepAlive = true;
                }
            }
            else if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, null, out contentLength))
                {
                    return HttpParseStatus.Invalid;
                }
            }
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = -1;
            }
            else if (name.Equals("accept", StringComparison.OrdinalIgnoreCase))
            {
                json = value.Contains("application/json", StringComparison.OrdinalIgnoreCase);
            }
        }

        head = new HttpRequestHead(parts[0], parts[1], parts[2])
        {
            KeepAlive = connectionKeepAlive ?? http11,
            ContentLength = contentLength,
            WantsJson = json,
        };
        return HttpParseStatus.Complete;
    }
}
