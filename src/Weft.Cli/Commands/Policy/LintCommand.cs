using System.CommandLine;
using Weft.Policy.Lint;

namespace Weft.Cli.Commands.Policy;

/// <summary><c>weft policy lint</c>: warnings about policies before they are applied.</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var files = PolicyOptions.Files();
        var strict = new Option<bool>("--strict") { Description = "Exit with status 1 when there are warnings (for CI)." };
        var command = new Command("lint", """
            Report policies that probably do not do what their author meant.

            Warnings, one line each as file:line:column: Kind name field: message:
              - a NetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy that selects no pods
              - a namespace selector that matches no namespace
              - a named port that no selected (ingress) or destination (egress) pod exposes
              - an ipBlock that also matches pod addresses (ipBlock is meant for traffic outside the cluster)
              - an AdminNetworkPolicy rule shadowed by an earlier rule that covers its subject, peers and ports
              - two AdminNetworkPolicies with the same priority (their order is implementation-defined)

            Exit status: 0 (also with warnings, unless --strict), 1 with --strict when there are warnings,
            2 on invalid manifests.

            Examples:
              # Lint the example shop
              weft policy lint -f examples/shop

              # Fail a CI job on any warning
              weft policy lint -f deploy/policies --strict
            """)
        {
            files, strict,
        };
        command.Action = new PolicyAction((parse, io) =>
        {
            var model = ManifestModel.Load(parse.GetValue(files)!, io, out _);
            if (model is null)
            {
                return PolicyAction.ExitBadInput;
            }

            var warnings = PolicyLinter.Lint(model);
            foreach (var warning in warnings)
            {
                io.Output.WriteLine($"warning: {warning}");
            }

            io.Output.WriteLine(warnings.Length == 0 ? "no warnings" : $"{warnings.Length} warning(s)");
            return warnings.Length > 0 && parse.GetValue(strict) ? PolicyAction.ExitDenied : PolicyAction.ExitAllowed;
        });
        return command;
    }
}
