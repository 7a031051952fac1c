using System.Text.Json;
using Weft.Local.Processes;

namespace Weft.Local.Supervision;

/// <summary>
/// Persists pod statuses as <c>pods/NS_POD/status.json</c>, written atomically (temp file + rename), so readers in
/// other processes never see a half-written file.
/// </summary>
public sealed class PodStatusStore
{
    private readonly PodPaths _paths;

    public PodStatusStore(PodPaths paths) => _paths = paths;

    public void Save(PodStatusSnapshot snapshot)
    {
        var directory = _paths.PodDirectory(snapshot.Namespace, snapshot.Name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "status.json");
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, PodStatusJsonContext.Default.PodStatusSnapshot));
        File.Move(temporary, path, overwrite: true);
    }

    public PodStatusSnapshot? Load(string @namespace, string pod)
    {
        var path = Path.Combine(_paths.PodDirectory(@namespace, pod), "status.json");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), PodStatusJsonContext.Default.PodStatusSnapshot);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Every pod that has a status file.</summary>
    public IReadOnlyList<PodStatusSnapshot> LoadAll()
    {
        var snapshots = new List<PodStatusSnapshot>();
        if (!Directory.Exists(_paths.PodsDirectory))
        {
            return snapshots;
        }

        foreach (var directory in Directory.EnumerateDirectories(_paths.PodsDirectory))
        {
            var name = Path.GetFileName(directory);
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator > 0 && Load(name[..separator], name[(separator + 1)..]) is { } snapshot)
            {
                snapshots.Add(snapshot);
            }
        }

        return snapshots;
    }
}
