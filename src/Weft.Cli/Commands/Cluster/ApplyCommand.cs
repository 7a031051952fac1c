using System.CommandLine;
using Spectre.Console;
using Weft.Local.Daemon;
using Weft.Local.Runtime;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft apply -f</c> and <c>weft delete -f</c>: change a running cluster's objects, all or nothing.</summary>
internal static class ApplyCommand
{
    public static Command Create(string operation)
    {
        var files = ClusterOptions.Files(required: true);
        var cluster = ClusterOptions.Cluster();
        var name = operation == DesiredChange.Apply ? "apply" : "delete";
        var command = new Command(name, operation == DesiredChange.Apply
            ? """
              Create or update the objects in the manifests on a running local cluster. Every object is validated
              first; if any is invalid nothing changes.

              Examples:
                ./weft apply -f examples/shop/policies
                cat policy.yaml | ./weft apply -f -
              """
            : """
              Delete the objects named in the manifests from a running local cluster.

              Example:
                ./weft delete -f examples/shop/frontend.yaml
              """);
        command.Options.Add(files);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var (documents, errors) = ManifestSources.Read(parse.GetValue(files) ?? [], Console.In);
            if (errors.Count > 0)
            {
                errors.ForEach(Console.Error.WriteLine);
                return 2;
            }

            using var client = await RunningCluster.ConnectAsync($"weft {name}", parse.GetValue(cluster)!, Console.Error, ct);
            if (client is null) return 1;

            var response = await client.ChangeAsync(new ApplyRequest(operation, documents), ct);
            return Report(response) ? 0 : 2;
        });
        return command;
    }

    /// <summary>Prints an apply's outcome kubectl-style; false when it was rejected.</summary>
    public static bool Report(ApplyResponse response)
    {
        foreach (var warning in response.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        foreach (var error in response.Errors)
        {
            Console.Error.WriteLine(error);
        }

        foreach (var change in response.Changes)
        {
            AnsiConsole.MarkupLine(Markup.Escape(change));
        }

        return response.Accepted;
    }
}
