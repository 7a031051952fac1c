using System.Collections.Immutable;
using System.Reflection;

namespace Weft.Local.Runtime;

/// <summary>
/// How to start this same weft binary again (for the cluster daemon, CNI launchers and built-in pod apps):
/// <c>dotnet /path/weft.dll</c> when running as a framework-dependent dll, or the apphost itself.
/// </summary>
public sealed record WeftExecutable(string FileName, ImmutableArray<string> PrefixArguments)
{
    public static WeftExecutable Current()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry is { Length: > 0 }
            ? new WeftExecutable(process, [entry])
            : new WeftExecutable(process, []);
    }

    public IReadOnlyList<string> Arguments(params string[] arguments) => [.. PrefixArguments, .. arguments];
}
