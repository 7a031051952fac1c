using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Weft.Cli.Commands.Cluster;
using Weft.Mesh.Stats;

namespace Weft.Cli.Commands.Mesh;

/// <summary><c>weft top</c>: the busiest paths through the mesh, refreshed until Ctrl-C (or once).</summary>
internal static class TopCommand
{
    public static Command Create()
    {
        var ns = ClusterOptions.Namespace();
        ns.Description = "Only paths from or to this namespace (default: all).";
        var interval = new Option<double>("--interval", "-i") { Description = "Seconds between refreshes; rates are over the last interval.", DefaultValueFactory = _ => 2 };
        var once = new Option<bool>("--once") { Description = "Print one table (rates over one interval) and exit, for scripts and tests." };
        var max = new Option<int>("--max") { Description = "Show at most this many paths.", DefaultValueFactory = _ => 20 };
        var output = ClusterOptions.Output("table", "table or json (json implies --once)");
        var cluster = ClusterOptions.Cluster();
        var command = new Command("top", """
            The busiest paths through the mesh: source → destination per authority, with requests per second, success
            rate and latency p50/p99 over the last --interval seconds (two scrapes of every proxy). The proxies'
            metrics carry no method or path, so a path is (source workload, destination workload, authority).
            Requests between meshed pods are counted by the client's proxy; those from unmeshed clients by the
            server's ("(unmeshed)" source); a meshed client's calls to unmeshed destinations show "(unmeshed)".
            Refreshes until Ctrl-C.

            Examples:
              weft top
              weft top -n shop --interval 5
              weft top --once -o json
            """);
        foreach (var o in new Option[] { ns, interval, once, max, output, cluster }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var errors = new List<string>();
            var seconds = parse.GetValue(interval);
            var format = parse.GetValue(output);
            MeshDaemon.CheckWindowAndFormat("--interval", seconds, format, errors);
            if (parse.GetValue(max) < 1) errors.Add("--max: must be at least 1");
            if (errors.Count > 0)
            {
                foreach (var e in errors) await Console.Error.WriteLineAsync($"weft top: {e}");
                return 2;
            }

            using var daemon = await MeshDaemon.ConnectAsync("weft top", parse.GetValue(cluster)!, ct);
            if (daemon is null) return 1;
            var filter = parse.GetValue(ns);
            var live = !parse.GetValue(once) && format == "table";
            try
            {
                var before = await daemon.ScrapeAsync(null, ct);
                do
                {
                    await Task.Delay(TimeSpan.FromSeconds(seconds), TimeProvider.System, ct);
                    var after = await daemon.ScrapeAsync(null, ct);
                    var rows = TopPaths.Compute(before, after, filter, parse.GetValue(max));
                    if (format == "json")
                    {
                        Console.WriteLine(JsonSerializer.Serialize(rows, MeshDaemon.Json));
                    }
                    else
                    {
                        // Redraw in place on a terminal; one table after another when the output is a pipe.
                        if (live && !Console.IsOutputRedirected) Console.Write("\e[H\e[2J");
                        var window = (after.At - before.At).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                        if (live) Console.WriteLine($"weft top — {after.At.ToLocalTime():HH:mm:ss}, rates over the last {window} s (Ctrl-C to quit)\n");
                        Console.Write(rows.Count == 0 ? "No traffic.\n" : StatTable.Format(rows));
                        if (live && Console.IsOutputRedirected) Console.WriteLine();
                    }

                    before = after;
                }
                while (live);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C ends the live view.
            }

            return 0;
        });
        return command;
    }
}
