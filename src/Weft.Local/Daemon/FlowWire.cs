using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Weft.Flows;
using Weft.Flows.Query;

namespace Weft.Local.Daemon;

/// <summary>
/// The flow API's wire format: a <see cref="FlowQuery"/> as URL query parameters, and the answer as newline-delimited
/// JSON, one <see cref="FlowWireItem"/> per line (a flow, or a lost-flows notice), so a follow streams line by line.
/// Round-trips <see cref="FlowRecord"/> exactly; the user-facing JSON is <c>JsonFlowFormatter</c>'s, not this.
/// </summary>
public static class FlowWire
{
    public const string Path = "v1/flows";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new IPAddressConverter(), new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToQueryString(FlowQuery query)
    {
        var parts = new List<string>();
        var filter = query.Filter;
        Add(parts, "from", filter.FromPod?.ToString());
        Add(parts, "to", filter.ToPod?.ToString());
        Add(parts, "ns", filter.Namespace);
        Add(parts, "verdict", filter.Verdict?.ToString());
        Add(parts, "port", filter.Port?.ToString(CultureInfo.InvariantCulture));
        Add(parts, "protocol", filter.Protocol is { } p ? ((byte)p).ToString(CultureInfo.InvariantCulture) : null);
        Add(parts, "since", filter.Since?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Add(parts, "last", query.Last?.ToString(CultureInfo.InvariantCulture));
        Add(parts, "follow", query.Follow ? "true" : null);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>Reads the query back; null with <paramref name="error"/> when a parameter is malformed.</summary>
    public static FlowQuery? FromQuery(Func<string, string?> parameter, out string? error)
    {
        error = null;
        PodRef? from = null, to = null;
        if (parameter("from") is { } f && !PodRef.TryParse(f, out from))
        {
            error = "from: expected NAMESPACE/POD";
        }

        if (parameter("to") is { } t && !PodRef.TryParse(t, out to))
        {
            error = "to: expected NAMESPACE/POD";
        }

        FlowVerdict? verdict = null;
        if (parameter("verdict") is { } v)
        {
            verdict = Enum.TryParse<FlowVerdict>(v, ignoreCase: true, out var parsed) ? parsed : null;
            error ??= verdict is null ? "verdict: expected Forwarded, Dropped or Audit" : null;
        }

        var port = Number(parameter("port"), "port", ref error);
        var protocol = Number(parameter("protocol"), "protocol", ref error);
        var since = Number(parameter("since"), "since", ref error);
        var last = Number(parameter("last"), "last", ref error);
        if (error is not null)
        {
            return null;
        }

        return new FlowQuery
        {
            Filter = new FlowFilter
            {
                FromPod = from,
                ToPod = to,
                Namespace = parameter("ns"),
                Verdict = verdict,
                Port = (int?)port,
                Protocol = protocol is { } p ? (IpProtocol)(byte)p : null,
                Since = since is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            },
            Last = (int?)last,
            Follow = parameter("follow") is "true",
        };
    }

    public static string Line(FlowStreamItem item) => JsonSerializer.Serialize(
        item.Flow is { } flow ? new FlowWireItem(flow, null, 0) : new FlowWireItem(null, item.Node, item.LostFlows), Json);

    public static FlowStreamItem? Parse(string line)
    {
        var wire = JsonSerializer.Deserialize<FlowWireItem>(line, Json);
        return wire switch
        {
            { Flow: { } flow } => FlowStreamItem.ForFlow(flow),
            { Node: { } node } => FlowStreamItem.Lost(node, wire.Lost),
            _ => null,
        };
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static long? Number(string? text, string name, ref string? error)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        error ??= $"{name}: expected a non-negative integer";
        return null;
    }

    private sealed class IPAddressConverter : JsonConverter<IPAddress>
    {
        public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IPAddress.Parse(reader.GetString() ?? throw new JsonException("an IP address is required"));

        public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
