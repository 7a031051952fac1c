namespace Weft.Datapath.Linux.Netlink;

/// <summary>Resolves how callers name a network namespace: an <c>ip netns</c> name, or a path such as <c>/proc/PID/ns/net</c>.</summary>
internal static class NetworkNamespaceName
{
    public static string? ToPath(string? nameOrPath) =>
        nameOrPath is null ? null
        : nameOrPath.Contains('/', StringComparison.Ordinal) ? nameOrPath
        : NetworkNamespaceScope.PathOf(nameOrPath);
}
