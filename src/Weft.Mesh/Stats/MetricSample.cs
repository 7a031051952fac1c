using System.Collections.Immutable;

namespace Weft.Mesh.Stats;

/// <summary>One line of Prometheus text exposition: metric name, labels and value.</summary>
public sealed record MetricSample(string Name, ImmutableDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, "" when absent (as PromQL treats a missing label).</summary>
    public string Label(string name) => Labels.GetValueOrDefault(name, "");
}
