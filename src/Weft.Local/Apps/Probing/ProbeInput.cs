using System.Globalization;
using System.Net;

namespace Weft.Local.Apps.Probing;

/// <summary>Parses what users type: targets (<c>host:port[/path]</c>, <c>[v6]:port</c>, <c>http://…</c>), durations and protocols.</summary>
public static class ProbeInput
{
    public static bool TryParseProtocol(string text, out ProbeProtocol protocol)
    {
        switch (text.ToLowerInvariant())
        {
            case "tcp":
                protocol = ProbeProtocol.Tcp;
                return true;
            case "udp":
                protocol = ProbeProtocol.Udp;
                return true;
            case "http":
                protocol = ProbeProtocol.Http;
                return true;
            case "grpc":
                protocol = ProbeProtocol.Grpc;
                return true;
            default:
                protocol = default;
                return false;
        }
    }

    /// <summary>Splits a target into host, port and (HTTP) path or (gRPC) method.</summary>
    public static bool TryParseTarget(string text, out string host, out int port, out string path, out string? error)
    {
        host = "";
        port = 0;
        path = "/";
        var rest = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? text[7..] : text;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            path = rest[slash..];
            rest = rest[..slash];
        }

        string portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"'{text}': expected [IPv6]:PORT";
                return false;
            }

            host = rest[1..close];
            portText = rest[(close + 2)..];
            if (!IPAddress.TryParse(host, out _))
            {
                error = $"'{text}': '{host}' is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon <= 0 || rest.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"'{text}': expected HOST:PORT";
                return false;
            }

            host = rest[..colon];
            portText = rest[(colon + 1)..];
        }

        if (!ServePortList.TryParsePort(portText, out port))
        {
            error = $"'{text}': port must be a number from 1 to 65535";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Parses <c>1s</c>, <c>500ms</c>, <c>1.5s</c>, <c>2m</c> or a bare number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (text, 1000.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * scale > int.MaxValue)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * scale);
        return true;
    }
}
