namespace Weft.Datapath.Linux.Abstractions;

/// <summary>Named network namespaces (files under /var/run/netns) and running code inside one.</summary>
public interface INetns
{
    /// <summary>Creates the namespace; fails if it exists.</summary>
    Task CreateAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes the namespace; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Names of existing namespaces starting with <paramref name="prefix"/>.</summary>
    IReadOnlyList<string> List(string prefix);

    bool Exists(NetnsRef netns);

    /// <summary>
    /// Runs <paramref name="action"/> on a dedicated thread switched into <paramref name="netns"/>; sockets it
    /// creates and /proc/sys/net files it opens belong to that namespace.
    /// </summary>
    Task<T> RunInAsync<T>(NetnsRef netns, Func<T> action, CancellationToken cancellationToken);
}
