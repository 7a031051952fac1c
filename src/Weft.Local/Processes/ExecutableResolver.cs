namespace Weft.Local.Processes;

/// <summary>
/// Finds a command the way execvp does, before launching, so a missing command becomes a clear
/// ContainerCannotRun reason instead of an exit code from a wrapper.
/// </summary>
public static class ExecutableResolver
{
    public static bool TryResolve(string fileName, string? searchPath, string? workingDirectory, out string path, out string? error)
    {
        path = fileName;
        if (fileName.Length == 0)
        {
            error = "no command given";
            return false;
        }

        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            path = Path.IsPathRooted(fileName) ? fileName : Path.GetFullPath(fileName, workingDirectory ?? Directory.GetCurrentDirectory());
            return IsExecutable(path, fileName, out error);
        }

        foreach (var directory in (searchPath ?? ProcessStartSpec.DefaultPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate) && IsExecutable(candidate, fileName, out _))
            {
                path = candidate;
                error = null;
                return true;
            }
        }

        error = $"exec: \"{fileName}\": executable file not found in $PATH";
        return false;
    }

    private static bool IsExecutable(string path, string fileName, out string? error)
    {
        if (!File.Exists(path))
        {
            error = $"exec: \"{fileName}\": no such file or directory";
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            error = null;
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            error = $"exec: \"{fileName}\": permission denied";
            return false;
        }

        error = null;
        return true;
    }
}
