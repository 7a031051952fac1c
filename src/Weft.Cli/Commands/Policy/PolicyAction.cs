using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Weft.Cli.Commands.Policy;

/// <summary>
/// Runs a policy subcommand. Bad command lines exit with 2 (the "bad input" code), not System.CommandLine's
/// default 1, because <c>weft policy check</c> uses 1 to mean "denied". Asynchronous because
/// <c>matrix --cluster</c> asks a running cluster's daemon; the offline commands complete synchronously.
/// </summary>
internal sealed class PolicyAction(Func<ParseResult, CommandIo, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public const int ExitAllowed = 0;
    public const int ExitDenied = 1;
    public const int ExitBadInput = 2;

    /// <summary>A synchronous command (the offline ones).</summary>
    public PolicyAction(Func<ParseResult, CommandIo, int> run)
        : this((parse, io, _) => Task.FromResult(run(parse, io)))
    {
    }

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var io = CommandIo.From(parseResult);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await io.Error.WriteLineAsync($"error: {error.Message}");
            }

            await io.Error.WriteLineAsync($"Run '{CommandPath(parseResult.CommandResult)} --help' for usage.");
            return ExitBadInput;
        }

        return await run(parseResult, io, cancellationToken);
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Insert(0, command.Parent is null ? "weft" : command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
