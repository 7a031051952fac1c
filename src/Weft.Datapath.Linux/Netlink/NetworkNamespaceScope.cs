using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Runs a function inside a network namespace. A socket belongs to the network namespace of the thread that
/// creates it, for its whole life, whatever thread later reads it. So the function runs on a fresh dedicated
/// thread that enters the namespace with <c>setns(2)</c> (allowed for CLONE_NEWNET in a multi-threaded process),
/// and returns to its original namespace before it ends; no pool thread ever changes namespace.
/// </summary>
internal static class NetworkNamespaceScope
{
    /// <summary>Path of a namespace made by <c>ip netns add NAME</c>.</summary>
    public static string PathOf(string name) => Path.Combine("/var/run/netns", name);

    public static T Run<T>(string? namespacePath, Func<T> function)
    {
        if (namespacePath is null)
        {
            return function();
        }

        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunOnThisThread(namespacePath, function);
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "weft-netns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static T RunOnThisThread<T>(string namespacePath, Func<T> function)
    {
        using var original = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        using var target = File.OpenHandle(namespacePath, FileMode.Open, FileAccess.Read);
        if (NetlinkInterop.SetNs((int)target.DangerousGetHandle(), NetlinkInterop.CloneNewnet) != 0)
        {
            throw new NetlinkException($"setns({namespacePath})", Marshal.GetLastPInvokeError());
        }

        T result;
        var restored = false;
        try
        {
            result = function();
        }
        finally
        {
            restored = NetlinkInterop.SetNs((int)original.DangerousGetHandle(), NetlinkInterop.CloneNewnet) == 0;
        }

        // The thread ends right after this, so a failed return cannot leak the namespace to other work.
        return restored ? result : throw new NetlinkException("setns(original)", Marshal.GetLastPInvokeError());
    }
}
