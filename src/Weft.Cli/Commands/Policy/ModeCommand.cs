using System.CommandLine;
using Weft.Cli.Commands.Cluster;
using Weft.Datapath.Policy;
using Weft.Local.Daemon;

namespace Weft.Cli.Commands.Policy;

/// <summary>
/// <c>weft policy mode [audit|enforce]</c>: shows or sets a running local cluster's cluster-wide policy mode.
/// Setting it waits until every node's policy datapath holds the new mode.
/// </summary>
internal static class ModeCommand
{
    public static Command Create()
    {
        var mode = new Argument<string?>("mode")
        {
            Description = "audit (log would-be drops as AUDIT, drop nothing) or enforce (drop). Omit to print the current mode.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var cluster = ClusterOptions.Cluster();
        var command = new Command("mode", """
            Show or set the cluster-wide policy mode of a running local cluster. In audit mode every policy is still
            compiled and evaluated, but every packet a policy would drop passes and is logged as an AUDIT flow that
            names the deciding policy and rule (weft observe --verdict AUDIT). The mode is kept across daemon
            restarts and weft up; a new cluster starts in enforce mode (or as weft up --policy-mode says).

            Examples:
              ./weft policy mode                 # prints enforce or audit
              sudo ./weft policy mode audit      # the rollout's first week: observe what default-deny would drop
              ./weft observe --verdict AUDIT
              sudo ./weft policy mode enforce    # drops again
            """);
        command.Arguments.Add(mode);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var io = CommandIo.From(parse);
            var requested = parse.GetValue(mode);
            if (requested is not null && !PolicyModeText.TryParse(requested, out _))
            {
                io.Error.WriteLine($"mode: '{requested}' must be {PolicyModeText.Allowed}");
                return 2;
            }

            using var client = await RunningCluster.ConnectAsync("weft policy mode", parse.GetValue(cluster)!, io.Error, ct);
            if (client is null) return 1;

            if (requested is null)
            {
                io.Output.WriteLine((await client.GetPolicyModeAsync(ct)).Mode);
                return 0;
            }

            return Report(await client.SetPolicyModeAsync(requested, ct), io.Output, io.Error);
        });
        return command;
    }

    /// <summary>Prints a set request's outcome: 0 when every node holds the mode, 1 when some do not yet, 2 when rejected.</summary>
    public static int Report(PolicyModeResponse response, TextWriter output, TextWriter error)
    {
        if (response.Errors.Count > 0)
        {
            foreach (var problem in response.Errors)
            {
                error.WriteLine(problem);
            }

            return 2;
        }

        var what = response.Mode == PolicyModeText.Format(PolicyMode.Audit)
            ? "policies audit: would-be drops pass and show as AUDIT in weft observe"
            : "policies enforce: denied traffic is dropped";
        output.WriteLine(response.Changed ? $"policy mode set to {response.Mode} ({what})" : $"policy mode is already {response.Mode} ({what})");
        if (response.UnsyncedNodes.Count > 0)
        {
            error.WriteLine($"warning: not yet applied on {string.Join(", ", response.UnsyncedNodes)} (their agents keep retrying; see the daemon log)");
            return 1;
        }

        return 0;
    }
}
