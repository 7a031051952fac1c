using System.Collections.Immutable;
using System.Globalization;

namespace Weft.Mesh.Stats;

/// <summary>
/// A reader of Prometheus text exposition 0.0.4 (the proxy's <c>/metrics</c>): sample lines into
/// <see cref="MetricSample"/>s; comments, blank and malformed lines are skipped (a scrape is best effort, a bad line
/// must not hide the rest). Label values are unescaped (<c>\\</c>, <c>\"</c>, <c>\n</c>).
/// </summary>
public static class MetricsText
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            if (TryParseLine(line, out var sample)) samples.Add(sample);
        }

        return samples;
    }

    private static bool TryParseLine(string line, out MetricSample sample)
    {
        sample = null!;
        var labels = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        if (name.Length == 0) return false;
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') return false;
                var key = line[i..eq].Trim();
                var value = new System.Text.StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (j >= line.Length) return false;
                labels[key] = value.ToString();
                i = j + 1;
                if (i < line.Length && line[i] == ',') i++;
            }

            if (i >= line.Length) return false;
            i++;
        }

        // Value, then an optional timestamp.
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0 || !TryParseValue(rest[0], out var number)) return false;
        sample = new MetricSample(name, labels.ToImmutable(), number);
        return true;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
