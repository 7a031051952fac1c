using System.Globalization;

namespace Weft.Local.Processes;

/// <summary>
/// Persists one small file per running container process (<c>PID STARTTIME</c>), written atomically
/// (temp file + rename) so a crash never leaves a half-written record. Enumerating the files finds every process
/// a cluster started, even after the weft that started them is gone.
/// </summary>
public sealed class ProcessRecordStore
{
    private readonly PodPaths _paths;

    public ProcessRecordStore(PodPaths paths) => _paths = paths;

    public void Save(ProcessRecord record)
    {
        var path = _paths.PidPath(record.Namespace, record.Pod, record.Container);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, $"{record.Pid} {record.StartTime}\n");
        File.Move(temporary, path, overwrite: true);
    }

    public void Remove(string @namespace, string pod, string container) => File.Delete(_paths.PidPath(@namespace, pod, container));

    /// <summary>Every recorded process; unreadable or malformed files are skipped (they hold nothing to stop).</summary>
    public IReadOnlyList<ProcessRecord> LoadAll()
    {
        var records = new List<ProcessRecord>();
        if (!Directory.Exists(_paths.PodsDirectory))
        {
            return records;
        }

        foreach (var podDirectory in Directory.EnumerateDirectories(_paths.PodsDirectory))
        {
            var podName = Path.GetFileName(podDirectory);
            var separator = podName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(podDirectory, "*.pid"))
            {
                if (TryParse(File.ReadAllText(file), out var pid, out var startTime))
                {
                    records.Add(new ProcessRecord(podName[..separator], podName[(separator + 1)..], Path.GetFileNameWithoutExtension(file), pid, startTime));
                }
            }
        }

        return records;
    }

    private static bool TryParse(string text, out int pid, out ulong startTime)
    {
        startTime = 0;
        var parts = text.Trim().Split(' ');
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && parts.Length == 2
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
    }
}
