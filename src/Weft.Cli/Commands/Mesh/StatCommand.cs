using System.CommandLine;
using System.Text.Json;
using Weft.Cli.Commands.Cluster;
using Weft.Mesh.Stats;

namespace Weft.Cli.Commands.Mesh;

/// <summary><c>weft stat [deploy|pod|ns] [NAME]</c>: golden metrics per workload, like <c>linkerd viz stat</c>.</summary>
internal static class StatCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "Group by: deploy (default), pod or ns.", DefaultValueFactory = _ => "deploy" };
        var name = new Argument<string?>("name") { Description = "Only this workload (Deployment, pod or namespace name).", Arity = ArgumentArity.ZeroOrOne };
        var ns = ClusterOptions.Namespace();
        ns.Description = "Only this namespace (default: all).";
        var window = new Option<double>("--window", "-w") { Description = "Seconds between the two scrapes the rates come from.", DefaultValueFactory = _ => 2 };
        var output = ClusterOptions.Output("table", "table or json");
        var cluster = ClusterOptions.Cluster();
        var command = new Command("stat", """
            Golden metrics per workload from its proxies (inbound traffic): meshed pods, success rate, requests per
            second, latency p50/p95/p99 and open TCP connections. Every pod is scraped twice, --window seconds apart;
            RPS is the responses counted between the two scrapes divided by the seconds between them, and success
            rate and latencies are of those responses ("-" when there were none).

            Examples:
              weft stat                      # per deployment, all namespaces
              weft stat deploy cart -n shop
              weft stat pod -n shop -o json
              weft stat ns --window 10
            """);
        command.Arguments.Add(kind);
        command.Arguments.Add(name);
        command.Options.Add(ns);
        command.Options.Add(window);
        command.Options.Add(output);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            if (!WorkloadStats.TryParseKind(parse.GetValue(kind)!, out var by)) errors.Add($"kind: '{parse.GetValue(kind)}' must be deploy, pod or ns");
            var seconds = parse.GetValue(window);
            var format = parse.GetValue(output);
            MeshDaemon.CheckWindowAndFormat("--window", seconds, format, errors);
            if (errors.Count > 0)
            {
                foreach (var e in errors) await Console.Error.WriteLineAsync($"weft stat: {e}");
                return 2;
            }

            using var daemon = await MeshDaemon.ConnectAsync("weft stat", parse.GetValue(cluster)!, ct);
            if (daemon is null) return 1;
            var (before, after) = await daemon.TwoRoundsAsync(parse.GetValue(ns), TimeSpan.FromSeconds(seconds), ct);
            var rows = WorkloadStats.Compute(before, after, by, parse.GetValue(name));
            if (format == "json") Console.WriteLine(JsonSerializer.Serialize(rows, MeshDaemon.Json));
            else Console.Write(rows.Count == 0 ? "No pods.\n" : StatTable.Format(rows, by));
            return 0;
        });
        return command;
    }
}
