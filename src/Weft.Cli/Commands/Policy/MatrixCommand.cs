using System.CommandLine;
using Weft.Api.Resources;
using Weft.Policy;

namespace Weft.Cli.Commands.Policy;

/// <summary><c>weft policy matrix</c>: the allowed/denied grid between every pair of pods.</summary>
internal static class MatrixCommand
{
    public static Command Create()
    {
        var files = PolicyOptions.Files();
        var port = new Option<int>("--port") { Description = "Destination port of the connections.", DefaultValueFactory = _ => 80 };
        var protocol = PolicyOptions.Protocol();
        var output = new Option<string>("--output", "-o") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("matrix", """
            Show which pods can reach which, on one port and protocol.

            Every pod of the manifests (Deployments are expanded into their pods) is tried as a source (rows)
            against every pod as a destination (columns), including itself. A cell is allowed when the source's
            egress and the destination's ingress both allow the connection, through AdminNetworkPolicy,
            NetworkPolicy, BaselineAdminNetworkPolicy and the default allow, in that order.

            JSON output: {"port":80,"protocol":"TCP","allowed":{"<ns>/<src>":{"<ns>/<dst>":true,...},...}},
            pods named namespace/name and sorted.

            Examples:
              # The example shop on TCP/80, as a coloured grid
              weft policy matrix -f examples/shop

              # PostgreSQL reachability as JSON
              weft policy matrix -f examples/shop --port 5432 -o json

              # Manifests from several places, one from standard input
              kubectl get pods,netpol -A -o yaml | weft policy matrix -f - -f extra-policies/
            """)
        {
            files, port, protocol, output,
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

            var matrix = Compute(model, protocolValue, portValue);
            if (parse.GetValue(output) == "json")
            {
                MatrixJson.Write(io.Output, model, protocolValue, portValue, matrix);
            }
            else
            {
                MatrixTable.Write(io, model, protocolValue, portValue, matrix);
            }

            return PolicyAction.ExitAllowed;
        });
        return command;
    }

    /// <summary>Row-major verdicts: <c>[source * n + destination]</c>.</summary>
    public static bool[] Compute(PolicyModel model, Protocol protocol, int port)
    {
        var n = model.Pods.Length;
        var allowed = new bool[n * n];
        for (var source = 0; source < n; source++)
        {
            for (var destination = 0; destination < n; destination++)
            {
                allowed[(source * n) + destination] = model.IsAllowed(source, destination, protocol, port);
            }
        }

        return allowed;
    }
}
