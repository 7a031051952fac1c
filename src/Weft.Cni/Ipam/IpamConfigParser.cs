using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Weft.Api.Net;
using Weft.Cni.Spec;

namespace Weft.Cni.Ipam;

/// <summary>
/// Parses the <c>ipam</c> section with host-local's keys: <c>subnet</c>/<c>rangeStart</c>/<c>rangeEnd</c>/<c>gateway</c>
/// at the top or <c>ranges: [[{…}]]</c>, <c>routes</c>, <c>dataDir</c>; <c>resolvConf</c> is accepted and ignored.
/// </summary>
public static class IpamConfigParser
{
    public static (IpamConfig? Config, CniError? Error) Parse(JsonElement networkConfig)
    {
        var name = CniJson.String(networkConfig, "name");
        if (string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            return Fail("name: the network configuration needs a name usable as a directory name");
        }

        if (!networkConfig.TryGetProperty("ipam", out var ipam) || ipam.ValueKind != JsonValueKind.Object)
        {
            return Fail("ipam: missing IPAM configuration");
        }

        var sets = new List<IReadOnlyList<IpamRange>>();
        if (ipam.TryGetProperty("ranges", out var ranges) && ranges.ValueKind != JsonValueKind.Null)
        {
            if (ranges.ValueKind != JsonValueKind.Array)
            {
                return Fail("ipam.ranges: must be an array of arrays of ranges");
            }

            var i = 0;
            foreach (var set in ranges.EnumerateArray())
            {
                if (set.ValueKind != JsonValueKind.Array || set.GetArrayLength() == 0)
                {
                    return Fail($"ipam.ranges[{i}]: must be a non-empty array of ranges");
                }

                var list = new List<IpamRange>();
                var j = 0;
                foreach (var range in set.EnumerateArray())
                {
                    var (parsed, error) = ParseRange(range, $"ipam.ranges[{i}][{j}]");
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    if (list.Count > 0 && list[0].Subnet.Family != parsed!.Subnet.Family)
                    {
                        return Fail($"ipam.ranges[{i}][{j}]: every range of a set must have the same address family");
                    }

                    list.Add(parsed!);
                    j++;
                }

                sets.Add(list);
                i++;
            }
        }
        else if (CniJson.String(ipam, "subnet") is not null)
        {
            var (parsed, error) = ParseRange(ipam, "ipam");
            if (error is not null)
            {
                return (null, error);
            }

            sets.Add([parsed!]);
        }

        if (sets.Count == 0)
        {
            return Fail("ipam: no ranges: set ipam.subnet or ipam.ranges");
        }

        var all = sets.SelectMany(s => s).ToList();
        for (var a = 0; a < all.Count; a++)
        {
            for (var b = a + 1; b < all.Count; b++)
            {
                if (all[a].Contains(all[b].Start) || all[a].Contains(all[b].End) || all[b].Contains(all[a].Start))
                {
                    return Fail($"ipam.ranges: range {all[a]} overlaps range {all[b]}");
                }
            }
        }

        if (!CniJson.TryReadRoutes(ipam, "routes", out var routes, out var routeError))
        {
            return Fail($"ipam.{routeError}");
        }

        var dataDir = CniJson.String(ipam, "dataDir") ?? IpamConfig.DefaultDataDir;
        if (!Path.IsPathFullyQualified(dataDir))
        {
            return Fail($"ipam.dataDir: '{dataDir}' must be an absolute path");
        }

        return (new IpamConfig { NetworkName = name, RangeSets = sets, Routes = routes, DataDir = dataDir }, null);
    }

    private static (IpamRange? Range, CniError? Error) ParseRange(JsonElement element, string path)
    {
        if (!IpPrefix.TryParse(CniJson.String(element, "subnet"), out var subnet, out var why))
        {
            return (null, CniError.InvalidConfig($"{path}.subnet: {why}"));
        }

        var v4 = subnet.Family == AddressFamily.InterNetwork;
        var size = subnet.Size;

        // As host-local: skip the network address, and for IPv4 the broadcast address, in subnets larger than /31.
        var first = size > 2 ? subnet.AddressAt(1) : subnet.Network;
        var last = size > 2 && v4 ? subnet.AddressAt(size - 2) : subnet.Last;
        var start = first;
        var end = last;
        IPAddress? gateway = size > 2 ? subnet.AddressAt(1) : null;

        foreach (var (key, assign) in new (string, Action<IPAddress>)[]
                 {
                     ("rangeStart", a => start = a), ("rangeEnd", a => end = a), ("gateway", a => gateway = a),
                 })
        {
            var text = CniJson.String(element, key);
            if (text is null)
            {
                continue;
            }

            if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != subnet.Network.AddressFamily)
            {
                return (null, CniError.InvalidConfig($"{path}.{key}: '{text}' is not an IPv{(v4 ? 4 : 6)} address"));
            }

            if (!subnet.Contains(address))
            {
                return (null, CniError.InvalidConfig($"{path}.{key}: {address} is outside subnet {subnet}"));
            }

            assign(address);
        }

        if (IpPrefix.ToBits(start) > IpPrefix.ToBits(end))
        {
            return (null, CniError.InvalidConfig($"{path}: rangeStart {start} is after rangeEnd {end}"));
        }

        if (IpPrefix.ToBits(start) < IpPrefix.ToBits(first) || IpPrefix.ToBits(end) > IpPrefix.ToBits(last))
        {
            return (null, CniError.InvalidConfig($"{path}: range {start}-{end} must stay within {first}-{last} of {subnet}"));
        }

        return (new IpamRange(subnet, start, end, gateway), null);
    }

    private static (IpamConfig?, CniError?) Fail(string message) => (null, CniError.InvalidConfig(message));
}
