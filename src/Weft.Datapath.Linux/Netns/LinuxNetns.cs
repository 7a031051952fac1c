using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Interop;

namespace Weft.Datapath.Linux.Netns;

/// <summary>
/// Named namespaces through iproute2 (which does the bind mount under /var/run/netns), and code run inside a
/// namespace by setns(2) on a dedicated thread: a namespace switch applies to the calling thread only, so the
/// thread is never returned to the pool.
/// </summary>
public sealed class LinuxNetns(IProcessRunner runner) : INetns
{
    public async Task CreateAsync(string name, CancellationToken cancellationToken)
    {
        var request = new ProcessRequest { FileName = "ip", Arguments = ["netns", "add", NetnsRef.Named(name).Name!] };
        var result = await runner.RunAsync(request, cancellationToken);
        if (!result.Succeeded)
        {
            throw new KernelOperationException(request.Describe(), result.ExitCode, result.StandardError);
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var netns = NetnsRef.Named(name);
        if (!File.Exists(netns.Path))
        {
            return false;
        }

        var request = new ProcessRequest { FileName = "ip", Arguments = ["netns", "delete", name] };
        var result = await runner.RunAsync(request, cancellationToken);
        if (!result.Succeeded)
        {
            if (!File.Exists(netns.Path))
            {
                return false;
            }

            throw new KernelOperationException(request.Describe(), result.ExitCode, result.StandardError);
        }

        return true;
    }

    public IReadOnlyList<string> List(string prefix)
    {
        if (!Directory.Exists(NetnsRef.RunDirectory))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(NetnsRef.RunDirectory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public bool Exists(NetnsRef netns) => File.Exists(netns.Path);

    public Task<T> RunInAsync<T>(NetnsRef netns, Func<T> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return StartIn(netns, action);
    }

    /// <summary>Starts a dedicated thread that switches into <paramref name="netns"/>, runs the action and ends.</summary>
    internal static Task<T> StartIn<T>(NetnsRef netns, Func<T> action)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(RunIn(netns, action));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {netns}",
        };
        thread.Start();
        return completion.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the current thread inside <paramref name="netns"/>, then switches back.</summary>
    internal static T RunIn<T>(NetnsRef netns, Func<T> action)
    {
        using var original = File.OpenHandle("/proc/thread-self/ns/net");
        using (var target = OpenNamespace(netns))
        {
            Switch(target, netns.Path);
        }

        try
        {
            return action();
        }
        finally
        {
            // If switching back failed the thread would be stranded in the wrong namespace: fail loudly.
            Switch(original, "/proc/thread-self/ns/net (restore)");
        }
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenNamespace(NetnsRef netns)
    {
        try
        {
            return File.OpenHandle(netns.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KernelOperationException($"open({netns.Path})", 2, e.Message, e);
        }
    }

    private static void Switch(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string what)
    {
        if (Libc.setns((int)handle.DangerousGetHandle(), Libc.CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new KernelOperationException($"setns({what})", errno, Libc.Describe(errno));
        }
    }
}
