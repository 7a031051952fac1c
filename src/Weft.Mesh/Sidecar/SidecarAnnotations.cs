using System.Collections.Immutable;

namespace Weft.Mesh.Sidecar;

/// <summary>The pod and namespace annotations that control injection (issue 6).</summary>
public static class SidecarAnnotations
{
    public const string Inject = "weft.io/inject";
    public const string SkipInboundPorts = "weft.io/skip-inbound-ports";
    public const string SkipOutboundPorts = "weft.io/skip-outbound-ports";

    /// <summary>A pod's own annotation wins ("enabled" / "disabled"); otherwise its namespace's decides.</summary>
    public static bool ShouldInject(IReadOnlyDictionary<string, string>? pod, IReadOnlyDictionary<string, string>? ns)
    {
        if (pod is not null && pod.TryGetValue(Inject, out var p)) return p == "enabled";
        return ns is not null && ns.TryGetValue(Inject, out var n) && n == "enabled";
    }

    /// <summary>Parses "22,8080-8082"; returns every problem as "annotation: message".</summary>
    public static (ImmutableArray<int> Ports, IReadOnlyList<string> Errors) ParsePorts(string annotation, string? value)
    {
        var ports = ImmutableArray.CreateBuilder<int>();
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(value)) return (ports.ToImmutable(), errors);
        foreach (var raw in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            var (lowText, highText) = dash < 0 ? (raw, raw) : (raw[..dash], raw[(dash + 1)..]);
            if (!int.TryParse(lowText, out var low) || !int.TryParse(highText, out var high) || low < 1 || high > 65535 || low > high)
            {
                errors.Add($"{annotation}: '{raw}' is not a port or port range (1-65535)");
                continue;
            }

            for (var port = low; port <= high; port++) ports.Add(port);
        }

        return (ports.Distinct().Order().ToImmutableArray(), errors);
    }
}
