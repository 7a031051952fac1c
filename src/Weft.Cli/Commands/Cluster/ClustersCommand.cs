using System.CommandLine;
using Spectre.Console;
using Weft.Local.Daemon;
using Weft.Local.Lifecycle;
using Weft.Local.State;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft clusters</c>: the local clusters on this machine.</summary>
internal static class ClustersCommand
{
    private static readonly string[] Columns = ["NAME", "NODES", "ROUTING", "PODS", "POLICY", "STATE", "AGE"];

    public static Command Create()
    {
        var command = new Command("clusters", "List the local clusters on this machine, with their nodes, pods and state.");
        command.SetAction(async (_, ct) =>
        {
            var table = new Table().Border(TableBorder.None);
            foreach (var column in Columns)
            {
                table.AddColumn(column);
            }

            foreach (var record in ClusterLifecycle.List())
            {
                using var client = new DaemonClient(StatePaths.For(record.Name));
                var alive = await client.IsAliveAsync(ct);
                var view = alive ? await client.GetClusterAsync(ct) : null;
                table.AddRow(record.Name, record.Nodes.ToString(), record.Routing.ToString().ToLowerInvariant(), view?.Pods.Count.ToString() ?? "-", view?.PolicyMode ?? "-",
                    alive ? "[green]running[/]" : "[red]daemon down (weft up repairs, weft down removes)[/]",
                    PodColumns.Age(record.CreatedAt, DateTimeOffset.UtcNow));
            }

            if (table.Rows.Count == 0)
            {
                AnsiConsole.MarkupLine("no local clusters (create one with: sudo ./weft up)");
                return 0;
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
