using System.CommandLine;
using Weft.Api.Resources;
using Weft.Policy;
using Weft.Policy.Compilation;

namespace Weft.Cli.Commands.Policy;

/// <summary><c>weft policy matrix</c>: the allowed/denied grid between every pair of pods.</summary>
internal static class MatrixCommand
{
    public static Command Create() => Create(DaemonPolicySource.Instance);

    /// <summary>The command with <c>--cluster</c> reading from <paramref name="clusters"/> (tests pass a fake).</summary>
    public static Command Create(IClusterPolicySource clusters)
    {
        var files = PolicyOptions.Files(required: false);
        var cluster = new Option<string>("--cluster")
        {
            Description = "A running local cluster: its desired state and its pods with their runtime addresses (instead of -f).",
        };
        var port = new Option<int>("--port") { Description = "Destination port of the connections.", DefaultValueFactory = _ => 80 };
        var protocol = PolicyOptions.Protocol();
        var output = new Option<string>("--output", "-o") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var namespaces = new Option<string[]>("--namespace", "-n")
        {
            Description = "Only pods of this namespace, as sources and destinations (repeat for several). Policies of all namespaces still apply.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("matrix", """
            Show which pods can reach which, on one port and protocol.

            Pods and policies come from manifests (-f) or from a running local cluster (--cluster NAME), whose
            pods carry the addresses they run with, so ipBlock rules match them as the datapath does.
            Every pod (Deployments are expanded into their pods) is tried as a source (rows)
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

              # Only the shop and data namespaces
              weft policy matrix -f examples/shop -n shop -n data

              # Manifests from several places, one from standard input
              kubectl get pods,netpol -A -o yaml | weft policy matrix -f - -f extra-policies/

              # A running local cluster (pods with their real addresses), UDP/81
              weft policy matrix --cluster weft --protocol UDP --port 81 -o json
            """)
        {
            files, cluster, port, protocol, output, namespaces,
        };
        command.Action = new PolicyAction(async (parse, io, cancellationToken) =>
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

            var (paths, clusterName) = (parse.GetValue(files) ?? [], parse.GetValue(cluster));
            if (paths.Length > 0 && clusterName is not null)
            {
                io.Error.WriteLine("error: --cluster and -f/--filename are mutually exclusive: evaluate either a running cluster or manifests");
                return PolicyAction.ExitBadInput;
            }

            if (paths.Length == 0 && clusterName is null)
            {
                io.Error.WriteLine("error: give manifests with -f/--filename PATH or a running local cluster with --cluster NAME");
                return PolicyAction.ExitBadInput;
            }

            PolicyModel? model;
            if (clusterName is null)
            {
                model = ManifestModel.Load(paths, io, out _);
            }
            else if (await clusters.ReadAsync(clusterName, cancellationToken) is { } view)
            {
                var input = ClusterPolicyInput.From(view, out var unaddressed);
                if (unaddressed.Count > 0)
                {
                    io.Error.WriteLine($"warning: {unaddressed.Count} pod(s) have no address yet and are left out: {string.Join(", ", unaddressed)}");
                }

                model = PolicyCompiler.Compile(input);
            }
            else
            {
                io.Error.WriteLine($"error: cluster \"{clusterName}\" is not running (start it with: sudo ./weft up)");
                return ExitNotRunning;
            }

            if (model is null)
            {
                return PolicyAction.ExitBadInput;
            }

            var wanted = parse.GetValue(namespaces) is { Length: > 0 } list ? list.ToHashSet(StringComparer.Ordinal) : null;
            int[] selected = [.. Enumerable.Range(0, model.Pods.Length).Where(i => wanted is null || wanted.Contains(model.Pods[i].Namespace))];
            if (selected.Length > MaxPods)
            {
                io.Error.WriteLine($"error: {selected.Length} pods make a matrix of {(long)selected.Length * selected.Length:N0} cells; narrow it with --namespace (at most {MaxPods} pods)");
                return PolicyAction.ExitBadInput;
            }

            var matrix = Compute(model, selected, protocolValue, portValue);
            var keys = selected.Select(i => model.Pods[i].Key).ToArray();
            if (parse.GetValue(output) == "json")
            {
                MatrixJson.Write(io.Output, keys, protocolValue, portValue, matrix);
            }
            else
            {
                MatrixTable.Write(io, keys, protocolValue, portValue, matrix);
            }

            return PolicyAction.ExitAllowed;
        });
        return command;
    }

    /// <summary>As the cluster commands (<c>weft apply</c>, <c>weft observe</c>) exit when the cluster is not running.</summary>
    private const int ExitNotRunning = 1;

    /// <summary>Beyond this a matrix stops being readable and its cells stop fitting in memory comfortably.</summary>
    private const int MaxPods = 20_000;

    /// <summary>Row-major verdicts between the selected pods: <c>[source * n + destination]</c>.</summary>
    public static bool[] Compute(PolicyModel model, int[] pods, Protocol protocol, int port)
    {
        var n = pods.Length;
        var allowed = new bool[n * n];
        for (var source = 0; source < n; source++)
        {
            for (var destination = 0; destination < n; destination++)
            {
                allowed[(source * n) + destination] = model.IsAllowed(pods[source], pods[destination], protocol, port);
            }
        }

        return allowed;
    }
}
