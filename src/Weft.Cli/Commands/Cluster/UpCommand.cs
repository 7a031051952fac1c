using System.CommandLine;
using Spectre.Console;
using Weft.Api.Net;
using Weft.Local.Cluster;
using Weft.Local.Daemon;
using Weft.Local.Runtime;
using Weft.Local.State;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft up</c>: create (or repair) a local cluster and make it run exactly the given manifests.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var files = ClusterOptions.Files(required: false);
        var cluster = ClusterOptions.Cluster();
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes of a new cluster.", DefaultValueFactory = _ => 2 };
        var routing = new Option<string>("--routing") { Description = "How nodes route pod traffic: native or vxlan.", DefaultValueFactory = _ => "native" };
        var podCidr = new Option<string>("--pod-cidr") { Description = "Pod address range of a new cluster.", DefaultValueFactory = _ => "10.244.0.0/16" };
        var nodeCidrSize = new Option<int>("--node-cidr-size") { Description = "Prefix length of each node's share of the pod range.", DefaultValueFactory = _ => 24 };
        var policyMode = new Option<string?>("--policy-mode") { Description = "Cluster-wide policy mode: enforce, or audit (would-be drops are logged, nothing is dropped). Default: keep the cluster's mode (enforce for a new cluster)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for pods to become ready.", DefaultValueFactory = _ => 120 };
        var command = new Command("up", """
            Create a local cluster on this machine (nodes and pods are network namespaces, pods run real processes)
            and make it run exactly the objects in the manifests. Re-running it reconciles: objects no longer in the
            manifests are removed, changed pods restart. A cluster left behind by a crash is repaired.

            Examples:
              sudo ./weft up -f examples/shop
              sudo ./weft up -f app.yaml --cluster dev --nodes 3 --routing vxlan
              sudo ./weft up -f examples/shop --policy-mode audit
            """);
        command.Options.Add(files);
        command.Options.Add(cluster);
        command.Options.Add(nodes);
        command.Options.Add(routing);
        command.Options.Add(podCidr);
        command.Options.Add(nodeCidrSize);
        command.Options.Add(policyMode);
        command.Options.Add(timeout);
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            if (!IpPrefix.TryParse(parse.GetValue(podCidr), out var pods, out var cidrError, strict: true))
            {
                problems.Add($"--pod-cidr: {cidrError}");
                pods = new ClusterSpec().PodCidr;
            }

            var spec = new ClusterSpec
            {
                PodCidr = pods,
                NodeCidrLength = parse.GetValue(nodeCidrSize),
                Name = parse.GetValue(cluster)!,
                Nodes = parse.GetValue(nodes),
                Routing = parse.GetValue(routing) switch { "vxlan" => RoutingMode.Vxlan, "native" => RoutingMode.Native, _ => (RoutingMode)(-1) },
            };
            problems.AddRange(spec.Validate());
            if (!Enum.IsDefined(spec.Routing))
            {
                problems.Add($"--routing: '{parse.GetValue(routing)}' must be native or vxlan");
            }

            if (parse.GetValue(policyMode) is { } requestedMode && !Datapath.Policy.PolicyModeText.TryParse(requestedMode, out _))
            {
                problems.Add($"--policy-mode: '{requestedMode}' must be {Datapath.Policy.PolicyModeText.Allowed}");
            }

            var paths = parse.GetValue(files) ?? [];
            var (documents, readErrors) = ManifestSources.Read(paths, Console.In);
            problems.AddRange(readErrors);
            if (problems.Count == 0 && paths.Length > 0)
            {
                // Validate before touching anything: bad input changes nothing.
                var (_, diagnostics) = DesiredState.Empty.With(new DesiredChange(DesiredChange.Replace, documents));
                problems.AddRange(diagnostics.Where(d => d.Severity == Api.Manifests.DiagnosticSeverity.Error).Select(d => d.ToString()));
            }

            if (problems.Count > 0)
            {
                problems.ForEach(Console.Error.WriteLine);
                return 2;
            }

            if (!ClusterOptions.RequireRoot("up"))
            {
                return 1;
            }

            var (record, created) = await LocalCluster.Lifecycle().EnsureAsync(spec, new ConsoleProgress(), ct);
            AnsiConsole.MarkupLine(created
                ? $"[green]✓[/] cluster [bold]{record.Name}[/] created: {record.Nodes} nodes, {record.Routing.ToString().ToLowerInvariant()} routing, pods {record.PodCidr}"
                : $"[green]✓[/] cluster [bold]{record.Name}[/] is up ({record.Nodes} nodes)");
            if (created && (spec.Nodes != record.Nodes || spec.Routing != record.Routing))
            {
                AnsiConsole.MarkupLine("[yellow]![/] --nodes/--routing apply only when a cluster is created; run weft down first to change them");
            }

            using var client = new DaemonClient(StatePaths.For(record.Name));

            // The mode goes first: a new cluster's policies are never enforced before the audit week starts. Nodes
            // still behind only get a warning: every later snapshot is compiled with the new mode anyway.
            if (parse.GetValue(policyMode) is { } mode && Policy.ModeCommand.Report(await client.SetPolicyModeAsync(mode, ct), Console.Out, Console.Error) == 2)
            {
                return 2;
            }

            if (paths.Length > 0)
            {
                var response = await client.ChangeAsync(new ApplyRequest(DesiredChange.Replace, documents), ct);
                if (!ApplyCommand.Report(response))
                {
                    return 2;
                }
            }

            var view = await PodWaiter.WaitAsync(client, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct);
            Summary.Print(view);
            return view.Pods.All(p => p.Ready || p.Phase == "Succeeded") ? 0 : 1;
        });
        return command;
    }
}
