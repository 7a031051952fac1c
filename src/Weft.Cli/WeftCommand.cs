using System.CommandLine;
using System.CommandLine.Parsing;

namespace Weft.Cli;

/// <summary>The root <c>weft</c> command; each command group registers itself here.</summary>
internal static class WeftCommand
{
    /// <summary>Exit status for a command line that does not parse: bad input, like every other (file/field) input error.</summary>
    public const int ExitUsage = 2;

    public static int Run(string[] args) => Invoke(args, new InvocationConfiguration());

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (unknown option, missing
    /// argument, bad value) exits <see cref="ExitUsage"/> with each problem on standard error — System.CommandLine's
    /// own default is 1, which Weft reserves for "the answer is no" (a denied verdict, a failed check).
    /// </summary>
    public static int Invoke(string[] args, InvocationConfiguration configuration)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count == 0 && parse.UnmatchedTokens.Count == 0) return parse.Invoke(configuration);

        var error = configuration.Error;
        foreach (var token in parse.UnmatchedTokens) error.WriteLine($"weft: unrecognized argument '{token}'");
        foreach (var problem in parse.Errors.Where(p => !parse.UnmatchedTokens.Any(t => p.Message.Contains($"'{t}'", StringComparison.Ordinal))))
        {
            error.WriteLine($"weft: {problem.Message}");
        }

        error.WriteLine($"Run '{string.Join(' ', CommandPath(parse.CommandResult).Prepend("weft"))} --help' for usage.");
        return ExitUsage;
    }

    /// <summary>The names of the subcommands from the root down to <paramref name="result"/>'s command.</summary>
    private static Stack<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current.Parent is CommandResult parent; current = parent) names.Push(current.Command.Name);
        return names;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("Weft: one networking fabric for Kubernetes — connectivity, services, policy, mesh and flows.");
        root.Subcommands.Add(Commands.Policy.PolicyCommand.Create());
        root.Subcommands.Add(Commands.App.AppCommand.Create());
        root.Subcommands.Add(Commands.Cluster.UpCommand.Create());
        root.Subcommands.Add(Commands.Cluster.DownCommand.Create());
        root.Subcommands.Add(Commands.Cluster.ApplyCommand.Create(Local.Runtime.DesiredChange.Apply));
        root.Subcommands.Add(Commands.Cluster.ApplyCommand.Create(Local.Runtime.DesiredChange.Delete));
        root.Subcommands.Add(Commands.Cluster.GetCommand.Create());
        root.Subcommands.Add(Commands.Cluster.ExecCommand.Create());
        root.Subcommands.Add(Commands.Cluster.LogsCommand.Create());
        root.Subcommands.Add(Commands.Cluster.ClustersCommand.Create());
        root.Subcommands.Add(Commands.Cluster.DaemonCommand.Create());
        root.Subcommands.Add(Commands.Cni.CniCommand.Create());
        root.Subcommands.Add(Commands.Dns.DnsCommand.Create());
        root.Subcommands.Add(Commands.Observe.ClusterFlowSource.Observe());
        root.Subcommands.Add(Commands.Proxy.ProxyCommand.Create());
        root.Subcommands.Add(Commands.Mesh.MeshCommand.Create());
        foreach (var command in Commands.Mesh.MeshCommand.TopLevel()) root.Subcommands.Add(command);
        return root;
    }
}
