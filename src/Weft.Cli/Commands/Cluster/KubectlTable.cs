using System.Text;

namespace Weft.Cli.Commands.Cluster;

/// <summary>kubectl's plain table: upper-case headers, columns padded to the widest cell plus three spaces.</summary>
internal static class KubectlTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < row.Count; i++)
            {
                text.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(widths[i] + 3));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
