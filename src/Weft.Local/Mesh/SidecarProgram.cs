using System.Collections.Immutable;
using Weft.Local.Apps;

namespace Weft.Local.Mesh;

/// <summary>
/// The program a meshed pod's proxy container runs. The published lean <c>weft-proxy</c> (self-contained, trimmed,
/// single file: about half the RSS and a third less CPU per request than the CLI — bench/mesh/RESULTS-cluster.md)
/// when it is there, else <c>weft mesh sidecar</c> of this weft (same code, framework-dependent), with the reason.
/// </summary>
public sealed record SidecarProgram(string FileName, ImmutableArray<string> Arguments, bool Lean, string Reason)
{
    /// <summary>Path of the weft-proxy executable to run; overrides the places next to the CLI (test.sh sets it).</summary>
    public const string BinaryVariable = "WEFT_PROXY_BINARY";

    /// <summary>Where <c>scripts/publish-proxy.sh --if-changed</c> (run by ./weft and ./test.sh) puts it, relative to the CLI's directory (<c>.weft/bin</c> → <c>.weft/proxy</c>).</summary>
    public static readonly string BesideCli = Path.Combine("..", "proxy", "weft-proxy");

    /// <summary>
    /// Chooses, first match wins: <paramref name="configured"/> (<see cref="BinaryVariable"/>; when set it must
    /// exist, or the fallback is taken with that as the reason); <c>CLI_DIR/../proxy/weft-proxy</c>;
    /// <c>CLI_DIR/weft-proxy</c>; else <c>weft mesh sidecar</c>.
    /// </summary>
    public static SidecarProgram Choose(WeftCommandLine weft, string? configured, string cliDirectory, Func<string, bool> exists)
    {
        string reason;
        if (!string.IsNullOrEmpty(configured))
        {
            if (exists(configured)) return Published(configured, $"{BinaryVariable}={configured}");
            reason = $"{BinaryVariable}={configured} does not exist";
        }
        else
        {
            string[] candidates = [Path.GetFullPath(Path.Combine(cliDirectory, BesideCli)), Path.Combine(cliDirectory, "weft-proxy")];
            foreach (var candidate in candidates)
            {
                if (exists(candidate)) return Published(candidate, "published next to the CLI");
            }

            reason = $"no published weft-proxy at {string.Join(" or ", candidates)} (scripts/publish-proxy.sh --if-changed puts it there)";
        }

        return new SidecarProgram(weft.FileName, [.. weft.Arguments("mesh", "sidecar")], false, reason);
    }

    /// <summary>One line for the proxy container's log: which program runs and why.</summary>
    public string Describe() =>
        $"weft: sidecar runs {(Lean ? "the lean weft-proxy" : "the CLI (framework-dependent)")}: {FileName} {string.Join(' ', Arguments)} ({Reason})";

    private static SidecarProgram Published(string path, string reason) => new(path, ["sidecar"], true, reason);
}
