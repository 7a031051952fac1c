using Weft.Datapath.Linux.Abstractions;

namespace Weft.Datapath.Linux.Sysctl;

/// <summary>
/// Reads and writes /proc/sys. The net.* tree is per network namespace and resolved at open time against the
/// opening thread's namespace, so access inside another namespace happens on a thread switched into it.
/// </summary>
public sealed class ProcSysctls(INetns namespaces) : ISysctls
{
    public Task WriteAsync(NetnsRef? netns, string key, string value, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (netns is null)
        {
            Write(path, value);
            return Task.CompletedTask;
        }

        return namespaces.RunInAsync(netns, () =>
        {
            Write(path, value);
            return true;
        }, cancellationToken);
    }

    public Task<string> ReadAsync(NetnsRef? netns, string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return netns is null
            ? Task.FromResult(Read(path))
            : namespaces.RunInAsync(netns, () => Read(path), cancellationToken);
    }

    internal static string PathOf(string key)
    {
        if (key.Length == 0 || key.Contains("..", StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a sysctl key", nameof(key));
        }

        return "/proc/sys/" + key.Replace('.', '/');
    }

    private static void Write(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KernelOperationException($"write {path}={value}", e.HResult, e.Message, e);
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KernelOperationException($"read {path}", e.HResult, e.Message, e);
        }
    }
}
