using System.CommandLine;
using Weft.Api.Resources;

namespace Weft.Cli.Commands.Policy;

/// <summary>Options shared by the policy subcommands.</summary>
internal static class PolicyOptions
{
    public static Option<string[]> Files(bool required = true) => new("--filename", "-f")
    {
        Description = "Manifest file, directory (read recursively: .yaml, .yml, .json) or '-' for standard input. Repeat for several.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        Required = required,
    };

    public static Option<string> Protocol() => new("--protocol")
    {
        Description = "Protocol of the connection: TCP, UDP or SCTP.",
        DefaultValueFactory = _ => "TCP",
    };

    public static bool TryParseProtocol(string? text, out Protocol protocol) =>
        ProtocolNames.TryParse(text?.ToUpperInvariant(), out protocol);

    public static bool ValidPort(int port) => port is >= 1 and <= 65535;
}
