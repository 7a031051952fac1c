using System.Net;
using System.Text.Json;
using Weft.Api.Net;

namespace Weft.Cni.Spec;

/// <summary>
/// The spec's JSON for results, errors and VERSION replies. Hand-written with <see cref="Utf8JsonWriter"/> and
/// <see cref="JsonDocument"/> (no reflection): plugin start-up time is part of every pod's creation latency.
/// </summary>
public static class CniJson
{
    // Relaxed escaping keeps messages readable ('…' instead of \u0027); output is JSON on a pipe, never HTML.
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a result in the format of <paramref name="version"/>: before 1.0.0, ips[] carry "version".</summary>
    public static byte[] WriteResult(CniResult result, string version)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("cniVersion", version);
            if (result.Interfaces.Count > 0)
            {
                json.WriteStartArray("interfaces");
                foreach (var item in result.Interfaces)
                {
                    json.WriteStartObject();
                    json.WriteString("name", item.Name);
                    WriteOptional(json, "mac", item.Mac);
                    WriteOptional(json, "sandbox", item.Sandbox);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("ips");
            foreach (var ip in result.Ips)
            {
                json.WriteStartObject();
                if (!CniVersion.AtLeast(version, "1.0.0"))
                {
                    json.WriteString("version", ip.Address.IsIPv4 ? "4" : "6");
                }

                json.WriteString("address", ip.Address.ToString());
                WriteOptional(json, "gateway", ip.Gateway?.ToString());
                if (ip.Interface is { } index)
                {
                    json.WriteNumber("interface", index);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (result.Routes.Count > 0)
            {
                json.WriteStartArray("routes");
                foreach (var route in result.Routes)
                {
                    json.WriteStartObject();
                    json.WriteString("dst", route.Destination.ToString());
                    WriteOptional(json, "gw", route.Gateway?.ToString());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            WriteDns(json, result.Dns);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] WriteError(CniError error, string version)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("cniVersion", version);
            json.WriteNumber("code", error.NumericCode);
            json.WriteString("msg", error.Message);
            WriteOptional(json, "details", error.Details);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] WriteVersion(string version)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("cniVersion", version);
            json.WriteStartArray("supportedVersions");
            foreach (var supported in CniVersion.Supported)
            {
                json.WriteStringValue(supported);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a result of any supported version (a prevResult, or an IPAM plugin's output).</summary>
    public static bool TryReadResult(JsonElement element, out CniResult? result, out string? error)
    {
        result = null;
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "result must be a JSON object";
            return false;
        }

        var interfaces = new List<CniInterface>();
        if (element.TryGetProperty("interfaces", out var ifs) && ifs.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in ifs.EnumerateArray())
            {
                interfaces.Add(new CniInterface(
                    String(item, "name") ?? string.Empty, String(item, "mac"), String(item, "sandbox")));
            }
        }

        var ips = new List<CniIpConfig>();
        if (element.TryGetProperty("ips", out var ipsElement) && ipsElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in ipsElement.EnumerateArray())
            {
                if (!CidrAddress.TryParse(String(item, "address"), out var address))
                {
                    error = $"ips[].address '{String(item, "address")}' is not an address with prefix length";
                    return false;
                }

                IPAddress? gateway = null;
                if (String(item, "gateway") is { } gw && !IPAddress.TryParse(gw, out gateway))
                {
                    error = $"ips[].gateway '{gw}' is not an IP address";
                    return false;
                }

                int? index = item.TryGetProperty("interface", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : null;
                ips.Add(new CniIpConfig(address!, gateway, index));
            }
        }

        if (!TryReadRoutes(element, "routes", out var routes, out error))
        {
            return false;
        }

        result = new CniResult { Interfaces = interfaces, Ips = ips, Routes = routes, Dns = ReadDns(element) };
        return true;
    }

    /// <summary>Reads an array of {dst, gw} routes (results and IPAM configuration share the shape).</summary>
    public static bool TryReadRoutes(JsonElement parent, string property, out IReadOnlyList<CniRoute> routes, out string? error)
    {
        error = null;
        var list = new List<CniRoute>();
        routes = list;
        if (!parent.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            error = $"{property} must be an array";
            return false;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (!IpPrefix.TryParse(String(item, "dst"), out var dst, out var why))
            {
                error = $"{property}[{index}].dst: {why}";
                return false;
            }

            IPAddress? gateway = null;
            if (String(item, "gw") is { } gw && !IPAddress.TryParse(gw, out gateway))
            {
                error = $"{property}[{index}].gw: '{gw}' is not an IP address";
                return false;
            }

            list.Add(new CniRoute(dst, gateway));
            index++;
        }

        return true;
    }

    internal static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static CniDns ReadDns(JsonElement element)
    {
        if (!element.TryGetProperty("dns", out var dns) || dns.ValueKind != JsonValueKind.Object)
        {
            return new CniDns();
        }

        return new CniDns
        {
            Nameservers = Strings(dns, "nameservers"),
            Domain = String(dns, "domain"),
            Search = Strings(dns, "search"),
            Options = Strings(dns, "options"),
        };
    }

    private static List<string> Strings(JsonElement element, string property)
    {
        var list = new List<string>();
        if (element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
            }
        }

        return list;
    }

    private static void WriteDns(Utf8JsonWriter json, CniDns dns)
    {
        json.WriteStartObject("dns");
        WriteArray(json, "nameservers", dns.Nameservers);
        WriteOptional(json, "domain", dns.Domain);
        WriteArray(json, "search", dns.Search);
        WriteArray(json, "options", dns.Options);
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
