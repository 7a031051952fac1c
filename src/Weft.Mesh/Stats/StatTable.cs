using System.Globalization;
using System.Text;

namespace Weft.Mesh.Stats;

/// <summary>The text tables of <c>weft stat</c> and <c>weft top</c>: aligned columns, "-" where nothing was measured.</summary>
public static class StatTable
{
    public static string Format(IReadOnlyList<StatRow> rows, StatKind kind)
    {
        var header = kind == StatKind.Namespace
            ? new[] { "NAME", "MESHED", "SUCCESS", "RPS", "LATENCY_P50", "LATENCY_P95", "LATENCY_P99", "TCP_CONN" }
            : ["NAMESPACE", "NAME", "MESHED", "SUCCESS", "RPS", "LATENCY_P50", "LATENCY_P95", "LATENCY_P99", "TCP_CONN"];
        var cells = rows.Select(r =>
        {
            string[] values =
            [
                r.Name, $"{r.MeshedPods}/{r.Pods}", Percent(r.SuccessRate), Rate(r.Rps),
                Latency(r.LatencyP50), Latency(r.LatencyP95), Latency(r.LatencyP99),
                r.TcpConnections?.ToString(CultureInfo.InvariantCulture) ?? "-",
            ];
            return kind == StatKind.Namespace ? values : [r.Namespace, .. values];
        });
        return Render(header, cells, leftAligned: kind == StatKind.Namespace ? 1 : 2);
    }

    public static string Format(IReadOnlyList<TopRow> rows) =>
        Render(
            ["SOURCE", "DESTINATION", "AUTHORITY", "RPS", "SUCCESS", "LATENCY_P50", "LATENCY_P99"],
            rows.Select(r => new[] { r.Source, r.Destination, r.Authority, Rate(r.Rps), Percent(r.SuccessRate), Latency(r.LatencyP50), Latency(r.LatencyP99) }),
            leftAligned: 3);

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Rate(double? rps) => rps is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Milliseconds: one decimal below 10 ms (the smallest bucket is 1 ms), whole above.</summary>
    public static string Latency(double? seconds) => seconds switch
    {
        null => "-",
        { } s when s * 1000 < 10 => (s * 1000).ToString("0.0", CultureInfo.InvariantCulture) + "ms",
        { } s => (s * 1000).ToString("0", CultureInfo.InvariantCulture) + "ms",
    };

    private static string Render(string[] header, IEnumerable<string[]> rows, int leftAligned)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) text.Append("  ");
                var last = i == row.Length - 1;
                text.Append(i < leftAligned ? (last ? row[i] : row[i].PadRight(widths[i])) : row[i].PadLeft(widths[i]));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
