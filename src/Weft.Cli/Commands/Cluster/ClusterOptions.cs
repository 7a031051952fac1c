using System.CommandLine;
using Weft.Local.Cluster;

namespace Weft.Cli.Commands.Cluster;

/// <summary>Options shared by the commands that act on a local cluster.</summary>
internal static class ClusterOptions
{
    public static Option<string> Cluster() => new("--cluster")
    {
        Description = "The local cluster to act on.",
        DefaultValueFactory = _ => ClusterSpec.DefaultName,
        Recursive = false,
    };

    public static Option<string[]> Files(bool required) => new("--filename", "-f")
    {
        Description = "Manifest file or directory (recursive: .yaml, .yml, .json); '-' reads standard input. Repeatable.",
        AllowMultipleArgumentsPerToken = false,
        Required = required,
    };

    public static Option<string?> Namespace() => new("--namespace", "-n")
    {
        Description = "The namespace (default: \"default\").",
    };

    public static Option<bool> AllNamespaces() => new("--all-namespaces", "-A")
    {
        Description = "List across all namespaces.",
    };

    public static Option<string> Output(string defaultValue, string allowed) => new("--output", "-o")
    {
        Description = $"Output format: {allowed}.",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>Prints the standard "needs root" message; local clusters create network namespaces.</summary>
    public static bool RequireRoot(string command)
    {
        if (geteuid() == 0)
        {
            return true;
        }

        Console.Error.WriteLine($"weft {command}: local clusters are made of network namespaces and need root (try: sudo ./weft {command} ...)");
        return false;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
