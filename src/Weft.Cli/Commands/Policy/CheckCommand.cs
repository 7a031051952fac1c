using System.CommandLine;

namespace Weft.Cli.Commands.Policy;

/// <summary><c>weft policy check</c>: one connection's verdict with its explanation; the exit code is the verdict.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = PolicyOptions.Files();
        var from = new Option<string>("--from") { Description = "Source: namespace/pod, pod (namespace default), namespace/deployment (its first pod), or an IP address outside the cluster.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: namespace/pod, pod, namespace/deployment, or an IP address.", Required = true };
        var port = new Option<int>("--port") { Description = "Destination port (1-65535).", Required = true };
        var protocol = PolicyOptions.Protocol();
        var output = new Option<string>("--output", "-o") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var command = new Command("check", """
            Decide whether one connection is allowed, and explain why.

            The connection is checked at both ends: egress at the source pod and ingress at the destination
            pod, each through AdminNetworkPolicy (priority order; Allow, Deny, Pass), NetworkPolicy (if the pod
            is isolated in that direction), BaselineAdminNetworkPolicy, then the default allow. An IP address
            outside the cluster's pods has no policies of its own, so only the pod end is checked. For each end
            the explanation lists whether the pod is isolated, the policies selecting it, the rule that matched
            (policy, rule, peer and port index) and the tier that decided.

            Exit status: 0 allowed, 1 denied, 2 bad input (invalid manifests, unknown pod, bad option).

            Examples:
              # Can the cart reach the database on TCP/5432?
              weft policy check -f examples/shop --from shop/cart --to data/postgres --port 5432

              # Traffic from outside the cluster to the frontend, as JSON
              weft policy check -f examples/shop --from 203.0.113.10 --to shop/frontend --port 80 -o json

              # Use the exit status in a script
              weft policy check -f manifests/ --from a/client --to b/server --port 53 --protocol UDP && echo open
            """)
        {
            files, from, to, port, protocol, output,
        };
        command.Action = new PolicyAction((parse, io) =>
        {
            var portValue = parse.GetValue(port);
            if (!PolicyOptions.ValidPort(portValue))
            {
                io.Error.WriteLine($"error: --port: {portValue} is not a port (1-65535)");
                return PolicyAction.ExitBadInput;
            }

            if (!PolicyOptions.TryParseProtocol(parse.GetValue(protocol), out var protocolValue))
            {
                io.Error.WriteLine($"error: --protocol: '{parse.GetValue(protocol)}' is not TCP, UDP or SCTP");
                return PolicyAction.ExitBadInput;
            }

            var model = ManifestModel.Load(parse.GetValue(files)!, io, out _);
            if (model is null)
            {
                return PolicyAction.ExitBadInput;
            }

            if (!EndpointParser.TryResolve(model, parse.GetValue(from)!, out var source, out var error)
                || !EndpointParser.TryResolve(model, parse.GetValue(to)!, out var destination, out error))
            {
                io.Error.WriteLine($"error: {error}");
                return PolicyAction.ExitBadInput;
            }

            if (!source.IsPod && !destination.IsPod
                && !model.TryFindPodByAddress(source.Address!, out _) && !model.TryFindPodByAddress(destination.Address!, out _))
            {
                io.Error.WriteLine("error: --from and --to are both outside the cluster's pods; at least one must be a pod");
                return PolicyAction.ExitBadInput;
            }

            var verdict = model.Check(source, destination, protocolValue, portValue);
            if (parse.GetValue(output) == "json")
            {
                VerdictJson.Write(io.Output, verdict);
            }
            else
            {
                VerdictText.Write(io, verdict);
            }

            return verdict.Allowed ? PolicyAction.ExitAllowed : PolicyAction.ExitDenied;
        });
        return command;
    }
}
