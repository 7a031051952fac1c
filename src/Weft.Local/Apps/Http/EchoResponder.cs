using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Weft.Local.Apps.Http;

/// <summary>
/// The echo app's HTTP semantics, pure: any path echoes who answered and who asked; <c>/healthz</c> is 200 "ok";
/// <c>/status/NNN</c> answers with status NNN; <c>/delay/MS</c> waits MS milliseconds (at most a minute) first.
/// </summary>
internal static class EchoResponder
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    public static EchoResponse Respond(HttpRequestHead request, EchoIdentity identity, IPEndPoint client)
    {
        var path = request.Target;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var json = request.WantsJson;
        if (query >= 0)
        {
            json |= path[(query + 1)..].Split('&').Contains("format=json");
            path = path[..query];
        }

        if (path == "/healthz")
        {
            return new EchoResponse(200, "ok\n", "text/plain");
        }

        var status = 200;
        var delay = TimeSpan.Zero;
        if (path.StartsWith("/status/", StringComparison.Ordinal))
        {
            if (!int.TryParse(path.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 200 or > 599)
            {
                return new EchoResponse(400, "status must be a number from 200 to 599\n", "text/plain");
            }
        }
        else if (path.StartsWith("/delay/", StringComparison.Ordinal))
        {
            if (!int.TryParse(path.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > MaxDelay.TotalMilliseconds)
            {
                return new EchoResponse(400, "delay must be milliseconds from 0 to 60000\n", "text/plain");
            }

            delay = TimeSpan.FromMilliseconds(ms);
        }

        var clientText = FormatEndpoint(client);
        var body = json
            ? JsonSerializer.Serialize(new EchoJson(identity.Pod, identity.Namespace, identity.Node, clientText, request.RequestLine, status), EchoJsonContext.Default.EchoJson) + "\n"
            : $"pod={identity.Pod} namespace={identity.Namespace} node={identity.Node} client={clientText} request=\"{request.RequestLine}\"\n";
        return new EchoResponse(status, body, json ? "application/json" : "text/plain") { Delay = delay };
    }

    /// <summary>Formats an endpoint as <c>a.b.c.d:port</c> (IPv4-mapped IPv6 shown as IPv4) or <c>[v6]:port</c>.</summary>
    public static string FormatEndpoint(IPEndPoint endpoint)
    {
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        return new IPEndPoint(address, endpoint.Port).ToString();
    }
}
