namespace Weft.Datapath.Linux.Abstractions;

/// <summary>
/// A network namespace, by name (a file under /var/run/netns) or by path (for example a CNI_NETNS such as
/// /proc/1234/ns/net). Operations that take a null <see cref="NetnsRef"/> act in the caller's namespace.
/// </summary>
public sealed record NetnsRef
{
    public const string RunDirectory = "/var/run/netns";

    private NetnsRef(string path, string? name)
    {
        Path = path;
        Name = name;
    }

    /// <summary>The bind-mounted namespace file.</summary>
    public string Path { get; }

    /// <summary>The iproute2 name when the namespace lives under /var/run/netns (or /run/netns).</summary>
    public string? Name { get; }

    public static NetnsRef Named(string name) =>
        string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{name}' is not a netns name", nameof(name))
            : new NetnsRef($"{RunDirectory}/{name}", name);

    /// <summary>From a path; recognises /var/run/netns/NAME and /run/netns/NAME as named namespaces.</summary>
    public static NetnsRef FromPath(string path)
    {
        foreach (var dir in (ReadOnlySpan<string>)[RunDirectory + "/", "/run/netns/"])
        {
            if (path.StartsWith(dir, StringComparison.Ordinal) && path.IndexOf('/', dir.Length) < 0 && path.Length > dir.Length)
            {
                return new NetnsRef(path, path[dir.Length..]);
            }
        }

        return new NetnsRef(path, null);
    }

    public override string ToString() => Name ?? Path;
}
