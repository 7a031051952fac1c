using System.Globalization;

namespace Weft.Local.Processes;

/// <summary>Reads <c>/proc/PID/stat</c>: whether a process exists (and is not a zombie) and when it started.</summary>
public static class ProcStat
{
    /// <summary>Reads the start time and state letter of a live process; false when there is no such process.</summary>
    public static bool TryRead(int pid, out ulong startTime, out char state)
    {
        startTime = 0;
        state = '?';
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return TryParse(text, out startTime, out state);
    }

    /// <summary>
    /// Parses a stat line. The command name (field 2) is in parentheses and may itself contain spaces and
    /// parentheses, so fields are counted from the last ')' (proc(5)): state is field 3, starttime field 22.
    /// </summary>
    public static bool TryParse(string stat, out ulong startTime, out char state)
    {
        startTime = 0;
        state = '?';
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return false;
        }

        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return false;
        }

        state = fields[0][0];
        return ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
    }

    /// <summary>True when this exact process (PID and start time) still runs; zombies count as gone.</summary>
    public static bool IsAlive(ProcessIdentity identity) =>
        TryRead(identity.Pid, out var start, out var state) && start == identity.StartTime && state is not ('Z' or 'X');
}
