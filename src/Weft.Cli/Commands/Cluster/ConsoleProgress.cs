using Spectre.Console;

namespace Weft.Cli.Commands.Cluster;

/// <summary>Prints progress lines as they happen (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
internal sealed class ConsoleProgress : IProgress<string>
{
    public void Report(string value) => AnsiConsole.MarkupLine($"[grey]•[/] {Markup.Escape(value)}");
}
