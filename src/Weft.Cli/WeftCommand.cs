using System.CommandLine;

namespace Weft.Cli;

/// <summary>The root <c>weft</c> command; each command group registers itself here.</summary>
internal static class WeftCommand
{
    public static int Run(string[] args) => Build().Parse(args).Invoke();

    public static RootCommand Build()
    {
        var root = new RootCommand("Weft: one networking fabric for Kubernetes — connectivity, services, policy, mesh and flows.");
        root.Subcommands.Add(Commands.Proxy.ProxyCommand.Create());
        root.Subcommands.Add(Commands.Mesh.MeshCommand.Create());
        return root;
    }
}
