using System.Net;
using System.Text.Json;
using Weft.Api.Net;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Datapath.Linux.IpRoute;

/// <summary>Parses <c>ip -json</c> output (iproute2 ≥ 4.14) into link, address and route records.</summary>
internal static class IpJsonParser
{
    public static IReadOnlyList<LinkInfo> Links(string json, string? prefix)
    {
        var links = new List<LinkInfo>();
        using var document = Parse(json);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            var name = link.GetProperty("ifname").GetString()!;
            if (prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var up = false;
            if (link.TryGetProperty("flags", out var flags))
            {
                foreach (var flag in flags.EnumerateArray())
                {
                    up |= flag.GetString() == "UP";
                }
            }

            string? kind = null;
            if (link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var kindElement))
            {
                kind = kindElement.GetString();
            }

            links.Add(new LinkInfo(
                name,
                link.GetProperty("ifindex").GetInt32(),
                link.TryGetProperty("mtu", out var mtu) ? mtu.GetInt32() : 0,
                link.TryGetProperty("address", out var mac) ? mac.GetString() : null,
                up)
            {
                Kind = kind,
                Master = link.TryGetProperty("master", out var master) ? master.GetString() : null,
            });
        }

        return links;
    }

    public static IReadOnlyList<AddressInfo> Addresses(string json)
    {
        var addresses = new List<AddressInfo>();
        using var document = Parse(json);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("addr_info", out var infos))
            {
                continue;
            }

            var name = link.GetProperty("ifname").GetString()!;
            foreach (var info in infos.EnumerateArray())
            {
                if (info.TryGetProperty("local", out var local) && IPAddress.TryParse(local.GetString(), out var address))
                {
                    addresses.Add(new AddressInfo(name, address, info.GetProperty("prefixlen").GetInt32()));
                }
            }
        }

        return addresses;
    }

    public static IReadOnlyList<RouteInfo> Routes(string json, bool ipv6)
    {
        var routes = new List<RouteInfo>();
        using var document = Parse(json);
        foreach (var route in document.RootElement.EnumerateArray())
        {
            var dst = route.GetProperty("dst").GetString()!;
            IpPrefix destination;
            if (dst == "default")
            {
                destination = IpPrefix.Parse(ipv6 ? "::/0" : "0.0.0.0/0");
            }
            else if (!IpPrefix.TryParse(dst.Contains('/', StringComparison.Ordinal) ? dst : dst + (ipv6 ? "/128" : "/32"), out destination, out _))
            {
                continue;
            }

            IPAddress? gateway = null;
            if (route.TryGetProperty("gateway", out var gw))
            {
                _ = IPAddress.TryParse(gw.GetString(), out gateway);
            }

            routes.Add(new RouteInfo(destination, gateway, route.TryGetProperty("dev", out var dev) ? dev.GetString() : null));
        }

        return routes;
    }

    private static JsonDocument Parse(string json) =>
        JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
}
