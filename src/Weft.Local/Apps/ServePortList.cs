using System.Collections.Immutable;

namespace Weft.Local.Apps;

/// <summary>
/// Parses the <c>WEFT_PORTS</c> list (<c>http:80,tcp:81,udp:81</c>) that the local runtime derives from a
/// container's ports, so <c>weft app serve</c> without flags serves what the manifest declares.
/// </summary>
public static class ServePortList
{
    public const string EnvironmentVariable = "WEFT_PORTS";

    /// <summary>Parses the list; on failure <paramref name="error"/> names the bad entry.</summary>
    public static bool TryParse(string text, out ImmutableArray<ServePort> ports, out string? error)
    {
        var builder = ImmutableArray.CreateBuilder<ServePort>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                ports = [];
                error = $"'{raw}': expected PROTOCOL:PORT (http, grpc, tcp or udp)";
                return false;
            }

            if (!TryParseProtocol(raw[..colon], out var protocol))
            {
                ports = [];
                error = $"'{raw}': unknown protocol '{raw[..colon]}' (http, grpc, tcp or udp)";
                return false;
            }

            if (!TryParsePort(raw[(colon + 1)..], out var port))
            {
                ports = [];
                error = $"'{raw}': port must be a number from 1 to 65535";
                return false;
            }

            var entry = new ServePort(protocol, port);
            if (!builder.Contains(entry))
            {
                builder.Add(entry);
            }
        }

        ports = builder.ToImmutable();
        error = null;
        return true;
    }

    /// <summary>Formats ports back into the <c>WEFT_PORTS</c> form.</summary>
    public static string Format(IEnumerable<ServePort> ports) => string.Join(',', ports);

    public static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out port) && port is >= 1 and <= 65535;

    private static bool TryParseProtocol(string text, out ServeProtocol protocol)
    {
        switch (text.ToLowerInvariant())
        {
            case "http":
                protocol = ServeProtocol.Http;
                return true;
            case "tcp":
                protocol = ServeProtocol.Tcp;
                return true;
            case "udp":
                protocol = ServeProtocol.Udp;
                return true;
            case "grpc":
                protocol = ServeProtocol.Grpc;
                return true;
            default:
                protocol = default;
                return false;
        }
    }
}
