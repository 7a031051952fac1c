using System.Text.RegularExpressions;

namespace Weft.Dns.Tests.Functional;

/// <summary>dig's output: the status and flags of the (last) response and its sections, whitespace-normalised.</summary>
internal sealed partial record DigResult(string Output)
{
    public string Status => StatusPattern().Matches(Output).Last().Groups[1].Value;

    public string[] Flags => FlagsPattern().Matches(Output).Last().Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public string[] Answer => Section("ANSWER");

    public string[] Authority => Section("AUTHORITY");

    public string[] Additional => Section("ADDITIONAL");

    public string[] Section(string name)
    {
        var lines = Output.Split('\n');
        var start = Array.FindLastIndex(lines, l => l.StartsWith($";; {name} SECTION:", StringComparison.Ordinal));
        if (start < 0)
        {
            return [];
        }

        return [.. lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0).Select(l => Dig.Whitespace().Replace(l.Trim(), " "))];
    }

    public override string ToString() => Output;

    [GeneratedRegex(@"status: ([A-Z]+)")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@";; flags: ([a-z ]*)[;]")]
    private static partial Regex FlagsPattern();
}
