using System.Collections.Immutable;

namespace Weft.Local.Apps;

/// <summary>
/// How to start this weft binary again: an apphost (<c>/path/weft</c>) or <c>dotnet /path/weft.dll</c>. The
/// built-in apps run as <c>WEFT… app serve</c>.
/// </summary>
public sealed record WeftCommandLine(string FileName, ImmutableArray<string> LeadingArguments)
{
    /// <summary>The running weft: <c>dotnet weft.dll</c> when started through the dotnet host, else the apphost.</summary>
    public static WeftCommandLine Current()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry is { Length: > 0 }
            ? new WeftCommandLine(process, [entry])
            : new WeftCommandLine(process, []);
    }

    /// <summary>The full argument vector for running this weft with <paramref name="arguments"/>.</summary>
    public IReadOnlyList<string> Arguments(params string[] arguments) => [.. LeadingArguments, .. arguments];
}
