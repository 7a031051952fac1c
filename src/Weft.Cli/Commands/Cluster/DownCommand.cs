using System.CommandLine;
using Spectre.Console;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft down</c>: remove every namespace, link, process and file of a local cluster.</summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var cluster = ClusterOptions.Cluster();
        var command = new Command("down", """
            Remove a local cluster: stop its pods and daemon, delete its network namespaces (and every link in them),
            its /etc/netns entries and its state directory. Works on a crashed cluster too.

            Example:
              sudo ./weft down --cluster dev
            """);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(cluster)!;
            if (!Local.Cluster.ClusterSpec.IsValidName(name))
            {
                Console.Error.WriteLine($"--cluster: '{name}' must be 1-12 lowercase letters and digits");
                return 2;
            }

            if (!ClusterOptions.RequireRoot("down"))
            {
                return 1;
            }

            var report = await LocalCluster.Lifecycle().DownAsync(name, ct);
            if (report.Count == 0)
            {
                AnsiConsole.MarkupLine($"cluster [bold]{Markup.Escape(name)}[/] does not exist; nothing to remove");
                return 0;
            }

            foreach (var line in report)
            {
                AnsiConsole.MarkupLine($"[grey]•[/] {Markup.Escape(line)}");
            }

            AnsiConsole.MarkupLine($"[green]✓[/] cluster [bold]{Markup.Escape(name)}[/] removed");
            return 0;
        });
        return command;
    }
}
