using System.CommandLine;
using System.Globalization;
using Weft.Cli.Commands.Cluster;
using Weft.Local.Daemon;
using Weft.Local.State;

namespace Weft.Cli.Commands.Mesh;

/// <summary>
/// <c>weft mesh stat</c> and <c>weft mesh check</c>: the meshed pods of a running local cluster, read by the daemon
/// from each proxy's admin port inside the pod.
/// </summary>
internal static class MeshClusterCommands
{
    public static Command Stat()
    {
        var by = new Argument<string>("by") { Description = "Group by: deploy (default), pod or ns.", DefaultValueFactory = _ => "deploy" };
        by.AcceptOnlyFromAmong("deploy", "deployment", "pod", "po", "ns", "namespace");
        var ns = ClusterOptions.Namespace();
        var window = new Option<double>("--window") { Description = "Seconds between the two scrapes the rates come from.", DefaultValueFactory = _ => 2 };
        var cluster = ClusterOptions.Cluster();
        var command = new Command("stat", """
            Golden metrics per meshed workload (inbound): success rate, requests per second, latency p50/p95/p99.

            Examples:
              ./weft mesh stat                 # per deployment, all namespaces
              ./weft mesh stat pod -n meshed
              ./weft mesh stat ns --window 5
            """);
        command.Arguments.Add(by);
        command.Options.Add(ns);
        command.Options.Add(window);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var query = $"/v1/mesh/stat?by={Uri.EscapeDataString(parse.GetValue(by)!)}&window={parse.GetValue(window).ToString(CultureInfo.InvariantCulture)}";
            if (parse.GetValue(ns) is { } n) query += $"&ns={Uri.EscapeDataString(n)}";
            return await GetAsync("weft mesh stat", parse.GetValue(cluster)!, query, ct);
        });
        return command;
    }

    public static Command Check()
    {
        var cluster = ClusterOptions.Cluster();
        var command = new Command("check", "Check the mesh: CA valid, every proxy ready, every certificate fresh and chaining to the CA (exit 1 if not).");
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) => await GetAsync("weft mesh check", parse.GetValue(cluster)!, "/v1/mesh/check", ct));
        return command;
    }

    private static async Task<int> GetAsync(string name, string cluster, string query, CancellationToken ct)
    {
        using var client = new DaemonClient(StatePaths.For(cluster));
        if (!await client.IsAliveAsync(ct))
        {
            await Console.Error.WriteLineAsync($"{name}: cluster \"{cluster}\" is not running (start it with: sudo ./weft up)");
            return 1;
        }

        var (success, text) = await client.GetTextAsync(query, ct);
        Console.Write(text);
        return success ? 0 : 1;
    }
}
