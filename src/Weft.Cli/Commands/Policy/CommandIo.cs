using System.CommandLine;

namespace Weft.Cli.Commands.Policy;

/// <summary>The streams a command uses; tests substitute them through InvocationConfiguration and <see cref="StandardInput"/>.</summary>
internal sealed record CommandIo(TextWriter Output, TextWriter Error, TextReader Input, bool Color)
{
    /// <summary>Overrides standard input for in-process tests of <c>-f -</c>.</summary>
    internal static AsyncLocal<TextReader?> StandardInput { get; } = new();

    public static CommandIo From(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        // Colour only for a real terminal, and never when NO_COLOR is set (https://no-color.org).
        var color = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CommandIo(output, parseResult.InvocationConfiguration.Error, StandardInput.Value ?? Console.In, color);
    }
}
