using System.CommandLine;
using System.Diagnostics;
using Weft.Local.Cluster;
using Weft.Local.State;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft exec POD -- CMD...</c>: run a command in a pod's network namespace, with its resolv.conf.</summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var pod = new Argument<string>("pod") { Description = "The pod's name, or a Deployment's name (its first pod)." };
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments (after --).", Arity = ArgumentArity.OneOrMore };
        var ns = ClusterOptions.Namespace();
        var cluster = ClusterOptions.Cluster();
        var command = new Command("exec", """
            Run a command inside a pod's network namespace (with the pod's /etc/resolv.conf and /etc/hosts), with
            this terminal's input and output. The exit code is the command's.

            Examples:
              sudo ./weft exec frontend-7c5d9-xk2p4 -n shop -- curl -s http://cart.shop
              sudo ./weft exec db-0 -n data -- ip addr
            """);
        command.Arguments.Add(pod);
        command.Arguments.Add(commandLine);
        command.Options.Add(ns);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            if (!ClusterOptions.RequireRoot("exec"))
            {
                return 1;
            }

            var name = parse.GetValue(cluster)!;
            var record = JsonFile.Read<ClusterRecord>(StatePaths.For(name).ClusterFile);
            if (record is null)
            {
                Console.Error.WriteLine($"weft exec: cluster \"{name}\" does not exist (create it with: sudo ./weft up)");
                return 1;
            }

            var podNamespace = parse.GetValue(ns) ?? "default";
            var prefix = ClusterLayout.For(record.ToSpec()).PodNetns(podNamespace, "");
            var netns = PodNames.Resolve("/var/run/netns", prefix, parse.GetValue(pod)!) is { } path ? Path.GetFileName(path) : null;
            if (netns is null)
            {
                Console.Error.WriteLine($"weft exec: pod \"{podNamespace}/{parse.GetValue(pod)}\" is not running in cluster \"{name}\" (see: ./weft get pods -A)");
                return 1;
            }

            var start = new ProcessStartInfo("ip", ["netns", "exec", netns, .. parse.GetValue(commandLine)!]) { UseShellExecute = false };
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync(ct);
            return process.ExitCode;
        });
        return command;
    }
}
