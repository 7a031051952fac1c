using System.CommandLine;
using Weft.Cli.Commands.Policy;

namespace Weft.Cli.Tests.Policy;

/// <summary>Runs <c>weft</c> in-process with captured output, error and (optionally) standard input.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Weft(params string[] args) => WeftWithInput(null, args);

    public static CliRun WeftWithInput(string? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        CommandIo.StandardInput.Value = stdin is null ? TextReader.Null : new StringReader(stdin);
        try
        {
            var exit = WeftCommand.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
            return new CliRun(exit, output.ToString(), error.ToString());
        }
        finally
        {
            CommandIo.StandardInput.Value = null;
        }
    }

    /// <summary>examples/shop in the repository, found from the test binary's location.</summary>
    public static string Shop
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "examples", "shop")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("examples/shop not found"), "examples", "shop");
        }
    }
}
