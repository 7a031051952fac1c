using System.Diagnostics;
using System.Text.Json;
using Weft.Local.Daemon;

namespace Weft.Local.Tests.Cluster;

/// <summary>
/// One throw-away local cluster per test: a unique name, its own state root, and a teardown that removes every
/// namespace with the cluster's prefix even if the test (or weft down) failed.
/// </summary>
internal sealed class LocalClusterFixture : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public LocalClusterFixture(IReadOnlyDictionary<string, string>? environment = null)
    {
        Name = "e2e" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        StateRoot = Path.Combine(Path.GetTempPath(), "weft-e2e-" + Name);
        Environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["WEFT_STATE_ROOT"] = StateRoot };
    }

    public string Name { get; }

    public string StateRoot { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Prefix => $"weft-{Name}-";

    /// <summary>Runs <c>weft SUBCOMMAND --cluster NAME …</c> (the option goes first so it never lands after a <c>--</c>).</summary>
    public Task<CliResult> RunAsync(params string[] args) => WeftCli.RunAsync(Environment, [args[0], "--cluster", Name, .. args[1..]]);

    /// <summary>Runs <c>weft exec POD -n NS -- weft app probe …</c>, i.e. a probe from inside a pod.</summary>
    public Task<CliResult> ProbeFromAsync(PodView from, string protocol, string target) =>
        RunAsync("exec", from.Name, "-n", from.Namespace, "--", "dotnet", WeftCli.Dll, "app", "probe", protocol, target, "--timeout", "3s");

    public async Task<IReadOnlyList<PodView>> PodsAsync()
    {
        var result = await RunAsync("get", "pods", "-A", "-o", "json");
        result.ExitCode.ShouldBe(0, result.ToString());
        return JsonSerializer.Deserialize<List<PodView>>(result.Stdout, Json)!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the pod list (bounded; not a timing assertion).</summary>
    public async Task<IReadOnlyList<PodView>> WaitForPodsAsync(Func<IReadOnlyList<PodView>, bool> condition, TimeSpan? limit = null)
    {
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<PodView> pods = [];
        while (stopwatch.Elapsed < (limit ?? TimeSpan.FromSeconds(90)))
        {
            pods = await PodsAsync();
            if (condition(pods))
            {
                return pods;
            }

            await Task.Delay(250);
        }

        throw new ShouldAssertException($"pods never reached the expected state; last seen:\n{JsonSerializer.Serialize(pods)}");
    }

    public static IReadOnlyList<string> Namespaces(string prefix)
    {
        var dir = "/var/run/netns";
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("down");

        // Belt and braces: whatever weft down missed, the test still removes (and then the assertions in the
        // cleanup test catch weft down's miss).
        foreach (var ns in Namespaces(Prefix))
        {
            using var pids = Process.Start(new ProcessStartInfo("ip", ["netns", "pids", ns]) { RedirectStandardOutput = true })!;
            foreach (var line in (await pids.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    Process.GetProcessById(int.Parse(line.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Kill();
                }
                catch (ArgumentException)
                {
                }
            }

            using var del = Process.Start("ip", ["netns", "del", ns]);
            await del.WaitForExitAsync();
        }

        foreach (var dir in Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", Prefix + "*") : [])
        {
            Directory.Delete(dir, recursive: true);
        }

        if (Directory.Exists(StateRoot))
        {
            Directory.Delete(StateRoot, recursive: true);
        }
    }
}
