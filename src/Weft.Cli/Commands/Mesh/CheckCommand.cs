using System.CommandLine;
using Weft.Cli.Commands.Cluster;

namespace Weft.Cli.Commands.Mesh;

/// <summary><c>weft check</c>: one ✔/✖ line per check of the mesh; exit 1 when any failed.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var cluster = ClusterOptions.Cluster();
        var command = new Command("check", """
            Check the mesh of a running cluster, one line per check: the CA is valid and not within 30 days of expiry;
            every meshed pod's proxy answers /ready; its certificate validates against the trust root with the SPIFFE ID
            of the pod's service account, and is fresh (not past half-life plus a tenth of its lifetime, which would
            mean renewal is failing). Exit 0 when all pass, 1 otherwise.
            """);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            using var daemon = await MeshDaemon.ConnectAsync("weft check", parse.GetValue(cluster)!, ct);
            if (daemon is null) return 1;
            var results = await daemon.CheckAsync(ct);
            foreach (var result in results) Console.WriteLine($"{(result.Ok ? "✔" : "✖")} {result.Text}");
            var failed = results.Count(r => !r.Ok);
            Console.WriteLine(failed == 0 ? $"\nAll {results.Count} checks passed." : $"\n{failed} of {results.Count} checks failed.");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
