using Spectre.Console;
using Weft.Api.Resources;

namespace Weft.Cli.Commands.Policy;

/// <summary>
/// The matrix as a grid: one row per source pod, one numbered column per destination pod (numbers match
/// the row numbers), green ✓ for allowed and red ✗ for denied, then a legend. Plain text when not a terminal.
/// </summary>
internal static class MatrixTable
{
    public static void Write(CommandIo io, IReadOnlyList<string> pods, Protocol protocol, int port, bool[] allowed)
    {
        var console = ConsoleFor(io);
        var n = pods.Count;
        console.MarkupLine($"[bold]Reachability on {protocol.ToApiString()}/{port}[/] ({n} pods; rows = source, columns = destination)");
        if (n == 0)
        {
            console.WriteLine("no pods in the manifests");
            return;
        }

        var numberWidth = n.ToString().Length;
        var nameWidth = pods.Max(p => p.Length);
        var cellWidth = Math.Max(2, numberWidth + 1);
        var prefix = new string(' ', numberWidth + 2 + nameWidth + 1);
        console.WriteLine(prefix + string.Concat(Enumerable.Range(1, n).Select(i => i.ToString().PadLeft(cellWidth))));
        for (var source = 0; source < n; source++)
        {
            var row = new System.Text.StringBuilder();
            row.Append(Markup.Escape($"{(source + 1).ToString().PadLeft(numberWidth)}  {pods[source].PadRight(nameWidth)} "));
            for (var destination = 0; destination < n; destination++)
            {
                var cell = allowed[(source * n) + destination];
                row.Append(new string(' ', cellWidth - 1)).Append(cell ? "[green]✓[/]" : "[red]✗[/]");
            }

            console.MarkupLine(row.ToString());
        }

        var allowedCount = allowed.Count(a => a);
        console.WriteLine();
        console.MarkupLine($"Legend: [green]✓[/] allowed  [red]✗[/] denied; column k is the pod of row k. {allowedCount} of {allowed.Length} connections allowed.");
    }

    public static IAnsiConsole ConsoleFor(CommandIo io)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Output),
            Ansi = io.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = io.Color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Never wrap: a grid or an explanation line is easier to read scrolled than broken.
        console.Profile.Width = 100_000;
        return console;
    }
}
