using System.Net;

namespace Weft.Mesh.Standalone;

/// <summary>Parsing of the endpoint and duration flags shared by the proxy commands.</summary>
public static class ProxyOptions
{
    /// <summary>ADDR:PORT with ADDR an IPv4/IPv6 literal ([::1]:80) or "localhost".</summary>
    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) && int.TryParse(text.AsSpan("localhost:".Length), out var port) && port is >= 0 and <= 65535)
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        if (IPEndPoint.TryParse(text, out var parsed) && text.Contains(':', StringComparison.Ordinal))
        {
            endpoint = parsed;
            return true;
        }

        endpoint = new IPEndPoint(IPAddress.None, 0);
        return false;
    }

    /// <summary>Durations like 500ms, 10s, 5m, 24h.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        (string suffix, double scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                duration = TimeSpan.FromMilliseconds(value * scale);
                return true;
            }
        }

        return false;
    }
}
