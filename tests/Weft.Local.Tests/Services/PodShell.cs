using System.Diagnostics;
using Weft.Local.Tests.Cluster;

namespace Weft.Local.Tests.Services;

/// <summary>Runs commands inside a pod through <c>weft exec</c>: real curl, dig and <c>weft app probe</c>.</summary>
internal sealed class PodShell(LocalClusterFixture cluster, string pod, string ns = "demo")
{
    public Task<CliResult> RunAsync(params string[] command) => cluster.RunAsync(["exec", pod, "-n", ns, "--", .. command]);

    public Task<CliResult> CurlAsync(string url) => RunAsync("curl", "-s", "--max-time", "3", url);

    /// <summary><c>dig +short @10.96.0.10 …</c>: the answer's data, one record per line.</summary>
    public async Task<IReadOnlyList<string>> DigShortAsync(params string[] query)
    {
        var result = await RunAsync(["dig", "+short", "+time=2", "+tries=1", "@10.96.0.10", .. query]);
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The full <c>dig</c> output (header with status, sections).</summary>
    public async Task<string> DigAsync(params string[] query) =>
        (await RunAsync(["dig", "+time=2", "+tries=1", "@10.96.0.10", .. query])).Stdout;

    public Task<CliResult> ProbeAsync(string protocol, string target) =>
        RunAsync("dotnet", WeftCli.Dll, "app", "probe", protocol, target, "--timeout", "3s");

    /// <summary>The echo server's pod name in a reply (<c>pod=NAME …</c>), or null.</summary>
    public static string? EchoPod(string reply)
    {
        var start = reply.IndexOf("pod=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var end = reply.IndexOf(' ', start);
        return reply[(start + 4)..(end < 0 ? reply.Length : end)];
    }

    /// <summary>Polls <paramref name="attempt"/> until it returns true (bounded; the datapath syncs asynchronously).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> attempt, string what, TimeSpan? limit = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < (limit ?? TimeSpan.FromSeconds(30)))
        {
            if (await attempt())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new ShouldAssertException($"never happened: {what}");
    }
}
