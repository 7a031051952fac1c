using System.Text.Json;
using Weft.Local.Tests.Cluster;

namespace Weft.Local.Tests.Flows;

/// <summary>One line of <c>weft observe -o json</c>, with the fields the tests check.</summary>
internal sealed record ObservedFlow(string Line, JsonElement Json)
{
    public string? Node => Text(Json, "node");

    public string? Type => Text(Json, "type");

    public string? Verdict => Text(Json, "verdict");

    public string? Protocol => Text(Json, "protocol");

    public string? Direction => Text(Json, "direction");

    public string? SourcePod => Pod("source");

    public string? DestinationPod => Pod("destination");

    public string? DestinationIp => Json.GetProperty("destination").GetProperty("ip").GetString();

    public int DestinationPort => Json.GetProperty("destination").TryGetProperty("port", out var p) ? p.GetInt32() : 0;

    public string? ServiceName => Json.TryGetProperty("service", out var s) ? Text(s, "name") : null;

    public int? ServicePort => Json.TryGetProperty("service", out var s) && s.TryGetProperty("frontendPort", out var p) ? p.GetInt32() : null;

    public string? BackendIp => Json.TryGetProperty("service", out var s) ? Text(s, "backendIP") : null;

    /// <summary>The deciding rule's <c>tier</c>, <c>policy</c>, <c>direction</c>, <c>action</c> or <c>text</c>; null without a rule.</summary>
    public string? Rule(string field) => Json.TryGetProperty("rule", out var rule) ? Text(rule, field) : null;

    public bool Touches(string ns) =>
        Json.GetProperty("source").TryGetProperty("namespace", out var a) && a.GetString() == ns
        || Json.GetProperty("destination").TryGetProperty("namespace", out var b) && b.GetString() == ns;

    public static IReadOnlyList<ObservedFlow> Parse(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => new ObservedFlow(line, JsonDocument.Parse(line).RootElement.Clone()))];

    /// <summary>Runs <c>weft observe -o json FILTERS…</c> on the cluster (exit 0 asserted) and parses its lines.</summary>
    public static async Task<IReadOnlyList<ObservedFlow>> ObserveAsync(LocalClusterFixture cluster, params string[] filters)
    {
        var result = await cluster.RunAsync(["observe", "-o", "json", .. filters]);
        result.ExitCode.ShouldBe(0, result.ToString());
        return Parse(result.Stdout);
    }

    public override string ToString() => Line;

    private string? Pod(string side)
    {
        var endpoint = Json.GetProperty(side);
        return endpoint.TryGetProperty("pod", out var pod) ? $"{endpoint.GetProperty("namespace").GetString()}/{pod.GetString()}" : null;
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
