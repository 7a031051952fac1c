namespace Weft.Flows.Query;

/// <summary>Durations as the CLI takes them: <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>, <c>250ms</c>.</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var i = 0;
        var total = TimeSpan.Zero;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i - start > 9 || !long.TryParse(text.AsSpan(start, i - start), out var amount))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }

            var unit = text.AsSpan(unitStart, i - unitStart);
            TimeSpan part;
            if (unit.SequenceEqual("ms")) { part = TimeSpan.FromMilliseconds(amount); }
            else if (unit.SequenceEqual("s")) { part = TimeSpan.FromSeconds(amount); }
            else if (unit.SequenceEqual("m")) { part = TimeSpan.FromMinutes(amount); }
            else if (unit.SequenceEqual("h")) { part = TimeSpan.FromHours(amount); }
            else if (unit.SequenceEqual("d")) { part = TimeSpan.FromDays(amount); }
            else { return false; }

            total += part;
        }

        duration = total;
        return true;
    }
}
