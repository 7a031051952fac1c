using System.Runtime.ExceptionServices;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Netns;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Runs a function inside a network namespace, synchronously. A socket belongs to the network namespace of the thread
/// that creates it, for its whole life, whatever thread later reads it. So the function runs on a fresh dedicated
/// thread that enters the namespace with <c>setns(2)</c> and returns before the thread ends (the switch itself is
/// <see cref="LinuxNetns"/>'s, the project's one setns implementation); no pool thread ever changes namespace.
/// </summary>
internal static class NetworkNamespaceScope
{
    /// <summary>Path of a namespace made by <c>ip netns add NAME</c>.</summary>
    public static string PathOf(string name) => NetnsRef.Named(name).Path;

    public static T Run<T>(string? namespacePath, Func<T> function)
    {
        if (namespacePath is null)
        {
            return function();
        }

        var netns = NetnsRef.FromPath(namespacePath);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = LinuxNetns.RunIn(netns, function);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"weft-netlink {netns}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
