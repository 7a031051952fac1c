namespace Weft.Cli.Commands.Cluster;

/// <summary>
/// Resolves what the user typed to a pod: the exact pod name, or a Deployment's name (its first pod in name order),
/// as <c>kubectl exec deploy/NAME</c> does, so tours and scripts need not copy generated pod names.
/// </summary>
internal static class PodNames
{
    /// <summary>The full path of the entry for <paramref name="name"/> in <paramref name="directory"/>, or null.</summary>
    /// <param name="directory">A directory holding one entry per pod, named <paramref name="prefix"/> + pod name.</param>
    public static string? Resolve(string directory, string prefix, string name)
    {
        var exact = Path.Combine(directory, prefix + name);
        if (File.Exists(exact) || Directory.Exists(exact))
        {
            return exact;
        }

        // Deployment pods are <deployment>-<10-char template hash>-<5-char suffix>.
        return Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory, prefix + name + "-*")
                .Where(p => Path.GetFileName(p).Length == (prefix + name).Length + 17)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
    }
}
