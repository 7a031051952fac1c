using System.Globalization;

namespace Weft.Local.Apps.Probing;

/// <summary>Just enough of an HTTP/1.x response parser for probes: status code and body (de-chunked when chunked).</summary>
internal static class HttpReply
{
    public static bool TryParse(string response, out int status, out string body)
    {
        status = 0;
        body = "";
        var headEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headEnd < 0 ? response : response[..headEnd];
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out status))
        {
            return false;
        }

        body = headEnd < 0 ? "" : response[(headEnd + 4)..];
        var chunked = lines.Skip(1).Any(l => l.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (chunked)
        {
            body = Dechunk(body);
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="data"/> holds a whole response: the head plus Content-Length bytes, the last chunk
    /// of a chunked body, or just the head for 1xx/204/304. A response without either framing ends at close.
    /// </summary>
    public static bool IsComplete(ReadOnlySpan<byte> data)
    {
        var headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }

        var head = System.Text.Encoding.Latin1.GetString(data[..headEnd]);
        var body = data[(headEnd + 4)..];
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && (status is >= 100 and < 200 or 204 or 304))
        {
            return true;
        }

        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var contentLength))
            {
                return body.Length >= contentLength;
            }

            if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return body.EndsWith("0\r\n\r\n"u8);
            }
        }

        return false;
    }

    private static string Dechunk(string body)
    {
        var result = new System.Text.StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = body[position..lineEnd].Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            var start = lineEnd + 2;
            result.Append(body, start, Math.Min(size, body.Length - start));
            position = start + size + 2;
        }

        return result.ToString();
    }
}
