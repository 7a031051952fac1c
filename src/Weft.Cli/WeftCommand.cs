using System.CommandLine;

namespace Weft.Cli;

/// <summary>The root <c>weft</c> command; each command group registers itself here.</summary>
internal static class WeftCommand
{
    public static int Run(string[] args) => Build().Parse(args).Invoke();

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
