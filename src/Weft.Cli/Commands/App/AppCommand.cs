using System.CommandLine;

namespace Weft.Cli.Commands.App;

/// <summary><c>weft app</c>: Weft's built-in apps, the echo server and the connectivity probes.</summary>
internal static class AppCommand
{
    public static Command Create()
    {
        var command = new Command("app", "Built-in apps: the echo server (images named weft/echo) and connectivity probes.");
        command.Subcommands.Add(ServeCommand.Create());
        command.Subcommands.Add(ProbeCommand.Create());
        command.Subcommands.Add(ProbeManyCommand.Create());
        return command;
    }
}
