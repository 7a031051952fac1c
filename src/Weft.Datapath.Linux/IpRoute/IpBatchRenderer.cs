using System.Buffers;
using System.Text;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;

namespace Weft.Datapath.Linux.IpRoute;

/// <summary>Renders operations as iproute2 batch lines (<c>ip -batch -</c>): one process for a whole change.</summary>
internal static class IpBatchRenderer
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(" \t\n\"'\\#");

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.@:");

    public static string Render(IReadOnlyList<NetlinkOperation> operations)
    {
        var text = new StringBuilder();
        foreach (var operation in operations)
        {
            text.AppendJoin(' ', Line(operation)).Append('\n');
        }

        return text.ToString();
    }

    public static IReadOnlyList<string> Line(NetlinkOperation operation) => operation switch
    {
        AddVeth v => [
            "link", "add", Name(v.Name), .. Optional("address", v.Mac), .. Optional("mtu", v.Mtu), "type", "veth",
            "peer", "name", Name(v.PeerName), .. Optional("address", v.PeerMac), .. Optional("mtu", v.Mtu),
            .. Optional("netns", v.PeerNetns?.Path)],
        AddBridge b => ["link", "add", Name(b.Name), .. Optional("mtu", b.Mtu), "type", "bridge"],
        AddVxlan x => [
            "link", "add", Name(x.Name), .. Optional("mtu", x.Mtu), "type", "vxlan", "id", x.Vni.ToString(),
            .. Optional("local", x.Local?.ToString()), .. Optional("dev", x.Device is null ? null : Name(x.Device)),
            "dstport", x.Port.ToString(), x.Learning ? "learning" : "nolearning"],
        SetLink s => [
            "link", "set", "dev", Name(s.Name), .. s.Up is null ? [] : new[] { s.Up.Value ? "up" : "down" },
            .. Optional("mtu", s.Mtu), .. Optional("address", s.Mac),
            .. Optional("master", s.Master is null ? null : Name(s.Master)), .. Optional("netns", s.MoveTo?.Path)],
        DeleteLink d => ["link", "del", "dev", Name(d.Name)],
        AddAddress a => ["addr", "add", $"{a.Address}/{a.PrefixLength}", "dev", Name(a.Device)],
        AddRoute r => ["route", r.Replace ? "replace" : "add", .. Route(r.Route)],
        DeleteRoute r => ["route", "del", .. Route(r.Route)],
        AddNeighbor n => ["neigh", "replace", n.Address.ToString(), "lladdr", n.Mac, "dev", Name(n.Device), "nud", "permanent"],
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown netlink operation"),
    };

    private static string[] Route(RouteSpec route) => [
        route.Destination.Length == 0 ? "default" : route.Destination.ToString(),
        .. Optional("via", route.Gateway?.ToString()),
        .. Optional("dev", route.Device is null ? null : Name(route.Device)),
        .. route.OnLink ? new[] { "onlink" } : [],
        .. route.LinkScope ? new[] { "scope", "link" } : [],
        .. Optional("src", route.Source?.ToString()),
        .. route.Destination.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 && route.Destination.Length == 0
            ? new[] { "proto", "static" } : []];

    private static string[] Optional(string keyword, string? value) => value is null ? [] : [keyword, Sanitize(value)];

    private static string[] Optional(string keyword, int? value) => value is null ? [] : [keyword, value.Value.ToString()];

    /// <summary>Link names go into a batch line unquoted: reject anything that could split or inject a token.</summary>
    private static string Name(string name) =>
        name.Length is > 0 and <= 15 && !name.AsSpan().ContainsAnyExcept(NameChars)
            ? name
            : throw new ArgumentException($"'{name}' is not a valid interface name", nameof(name));

    private static string Sanitize(string value) =>
        value.AsSpan().ContainsAny(Unsafe)
            ? throw new ArgumentException($"'{value}' cannot appear in an ip batch line", nameof(value))
            : value;
}
