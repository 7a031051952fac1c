using System.CommandLine;
using Weft.Local.Apps.Probing;

namespace Weft.Cli.Commands.App;

/// <summary><c>weft app probe-many --targets FILE</c>: many probes, one process, one JSON line per target in input order.</summary>
internal static class ProbeManyCommand
{
    public static Command Create()
    {
        var targets = new Option<string>("--targets") { Description = "JSON list of {id?, protocol, target, timeout?, expect?, send?}; '-' reads standard input." };
        var timeout = new Option<string>("--timeout") { Description = "Default timeout per probe.", DefaultValueFactory = _ => "1s" };
        var parallel = new Option<int>("--parallel") { Description = "Probes in flight at once.", DefaultValueFactory = _ => 64 };
        var command = new Command("probe-many", "Probe many targets concurrently; prints one JSON line per target, in input order. Exit 0 when all ran (read 'connected'), 2 on bad input.");
        command.Options.Add(targets);
        command.Options.Add(timeout);
        command.Options.Add(parallel);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(targets) is not { } file)
            {
                await Console.Error.WriteLineAsync("weft app probe-many: --targets FILE is required");
                return 2;
            }

            if (!ProbeInput.TryParseDuration(parseResult.GetValue(timeout)!, out var defaultTimeout))
            {
                await Console.Error.WriteLineAsync($"weft app probe-many: --timeout: '{parseResult.GetValue(timeout)}' is not a duration");
                return 2;
            }

            byte[] json;
            try
            {
                if (file == "-")
                {
                    using var input = Console.OpenStandardInput();
                    using var buffer = new MemoryStream();
                    await input.CopyToAsync(buffer, cancellationToken);
                    json = buffer.ToArray();
                }
                else
                {
                    json = await File.ReadAllBytesAsync(file, cancellationToken);
                }
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"{file}: {ex.Message}");
                return 2;
            }

            if (!ProbeBatch.TryLoad(file == "-" ? "<stdin>" : file, json, defaultTimeout, out var requests, out var errors))
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync(error);
                }

                return 2;
            }

            var prober = new Prober(HostSocketFactory.Instance, TimeProvider.System);
            var stdout = Console.Out;
            await ProbeBatch.RunAsync(prober, requests, parseResult.GetValue(parallel), result => stdout.WriteLine(ProbeCommand.ToJson(result)), cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
