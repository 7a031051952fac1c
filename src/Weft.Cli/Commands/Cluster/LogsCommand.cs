using System.CommandLine;
using Weft.Local.Logs;
using Weft.Local.State;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft logs POD [-f]</c>: a container's captured standard output and error.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var pod = new Argument<string>("pod") { Description = "The pod's name, or a Deployment's name (its first pod)." };
        var ns = ClusterOptions.Namespace();
        var container = new Option<string?>("--container", "-c") { Description = "The container (default: the pod's only or first container)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing as the container writes." };
        var cluster = ClusterOptions.Cluster();
        var command = new Command("logs", """
            Print a container's output (standard output and error), as captured by the local runtime.

            Examples:
              ./weft logs cart-5f8c7-abcde -n shop
              ./weft logs cart-5f8c7-abcde -n shop -c app -f
            """);
        command.Arguments.Add(pod);
        command.Options.Add(ns);
        command.Options.Add(container);
        command.Options.Add(follow);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var paths = StatePaths.For(parse.GetValue(cluster)!);
            var podNamespace = parse.GetValue(ns) ?? "default";
            var directory = PodNames.Resolve(paths.PodsDirectory, $"{podNamespace}_", parse.GetValue(pod)!) ?? paths.PodDirectory(podNamespace, parse.GetValue(pod)!);
            var logs = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal).ToList() : [];
            var wanted = parse.GetValue(container);
            var file = wanted is null ? logs.FirstOrDefault() : logs.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == wanted);
            if (file is null)
            {
                Console.Error.WriteLine(logs.Count == 0
                    ? $"weft logs: no logs for pod \"{podNamespace}/{parse.GetValue(pod)}\" in cluster \"{paths.Cluster}\""
                    : $"weft logs: container \"{wanted}\" not found; the pod has: {string.Join(", ", logs.Select(Path.GetFileNameWithoutExtension))}");
                return 1;
            }

            await new LogReader(TimeProvider.System).CopyAsync(file, Console.Out, parse.GetValue(follow), tailLines: null, ct);
            return 0;
        });
        return command;
    }
}
