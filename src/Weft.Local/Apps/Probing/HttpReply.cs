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
