using System.CommandLine;

namespace Weft.Cli.Commands.Policy;

/// <summary><c>weft policy</c>: reachability, verdicts with explanations, and lint for NetworkPolicy, ANP and BANP.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", """
            Evaluate Kubernetes NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy offline.

            Reads manifests (Namespaces, Pods, Deployments, and the three policy kinds), compiles them the way
            the Weft datapath does, and answers: who can reach whom (matrix), can A reach B and why (check),
            and what looks wrong before you apply (lint).

            Examples:
              # Reachability between every pair of pods of the example shop on TCP/80
              weft policy matrix -f examples/shop

              # Can the frontend reach the database on 5432, and which rule decides?
              weft policy check -f examples/shop --from shop/frontend --to data/postgres --port 5432

              # Warnings before applying
              weft policy lint -f examples/shop

              # Least-privilege NetworkPolicies from the traffic a running local cluster observed
              weft policy generate --from-flows -n shop > shop-policies.yaml

              # Cluster-wide audit mode for a running local cluster: log would-be drops, drop nothing
              sudo weft policy mode audit
            """);
        command.Subcommands.Add(MatrixCommand.Create());
        command.Subcommands.Add(CheckCommand.Create());
        command.Subcommands.Add(LintCommand.Create());
        command.Subcommands.Add(Observe.ClusterFlowSource.Generate());
        command.Subcommands.Add(ModeCommand.Create());
        return command;
    }
}
