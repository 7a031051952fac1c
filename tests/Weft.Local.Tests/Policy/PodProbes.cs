using System.Diagnostics;
using System.Text.Json;
using Weft.Local.Daemon;
using Weft.Local.Tests.Cluster;

namespace Weft.Local.Tests.Policy;

/// <summary>
/// Real probes from inside the pods: one <c>weft app probe-many</c> per source pod in the pod's network namespace
/// (<c>ip netns exec</c>, which is what <c>weft exec</c> runs, without a second .NET start per pod), all sources at
/// once. TCP counts as allowed when it connects; UDP only when the echo reply comes back (a drop and a lost reply
/// look the same, hence the asymmetric re-check in the test). Returns whether each cell connected, with the error.
/// </summary>
internal static class PodProbes
{
    public static async Task<Dictionary<ProbeCell, (bool Connected, string? Error)>> RunAsync(
        LocalClusterFixture cluster, IReadOnlyDictionary<string, PodView> pods, IReadOnlyCollection<ProbeCell> cells, string timeout)
    {
        var directory = Directory.CreateDirectory(Path.Combine(cluster.StateRoot, "probes")).FullName;
        var results = new Dictionary<ProbeCell, (bool, string?)>();
        var runs = cells.GroupBy(c => c.From).Select(async group =>
        {
            var byId = group.ToDictionary(c => $"{c.To} {c.Protocol} {c.Port}");
            var file = Path.Combine(directory, $"{group.Key.Replace('/', '_')}-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(byId.Select(c => new
            {
                id = c.Key,
                protocol = c.Value.Protocol,
                target = $"{pods[c.Value.To].Ip}:{c.Value.Port}",
            })));
            var source = pods[group.Key];
            var run = await InPodAsync($"{cluster.Prefix}pod-{source.Namespace}_{source.Name}",
                "dotnet", WeftCli.Dll, "app", "probe-many", "--targets", file, "--timeout", timeout);
            run.ExitCode.ShouldBe(0, $"probe-many from {group.Key}: {run}");
            return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                return (byId[root.GetProperty("id").GetString()!], root.GetProperty("connected").GetBoolean(), error);
            }).ToList();
        });
        foreach (var (cell, connected, error) in (await Task.WhenAll(runs)).SelectMany(r => r))
        {
            results[cell] = (connected, error);
        }

        results.Count.ShouldBe(cells.Count, "every probe reports");
        return results;
    }

    private static async Task<CliResult> InPodAsync(string netns, params string[] command)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["netns", "exec", netns, .. command])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
