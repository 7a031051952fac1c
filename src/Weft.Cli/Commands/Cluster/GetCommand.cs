using System.CommandLine;
using System.Text.Json;
using Weft.Local.Daemon;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Weft.Cli.Commands.Cluster;

/// <summary><c>weft get pods|nodes|svc|endpointslices</c>, with kubectl's columns and output formats.</summary>
internal static class GetCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "What to list: pods (po), nodes (no), services (svc) or endpointslices (eps)." };
        var ns = ClusterOptions.Namespace();
        var all = ClusterOptions.AllNamespaces();
        var output = ClusterOptions.Output("table", "wide, json or yaml (default: a table)");
        var cluster = ClusterOptions.Cluster();
        var command = new Command("get", """
            List objects of a running local cluster, like kubectl get.

            Examples:
              ./weft get pods -A -o wide
              ./weft get pods -n shop -o json
              ./weft get nodes
              ./weft get svc -n shop
              ./weft get endpointslices -A -o yaml
            """);
        command.Arguments.Add(kind);
        command.Options.Add(ns);
        command.Options.Add(all);
        command.Options.Add(output);
        command.Options.Add(cluster);
        command.SetAction(async (parse, ct) =>
        {
            var what = parse.GetValue(kind) switch
            {
                "pods" or "pod" or "po" => "pods",
                "nodes" or "node" or "no" => "nodes",
                "services" or "service" or "svc" => ServiceListing.Services,
                "endpointslices" or "endpointslice" or "eps" => ServiceListing.EndpointSlices,
                var other => other,
            };
            var format = parse.GetValue(output)!;
            var known = what is "pods" or "nodes" or ServiceListing.Services or ServiceListing.EndpointSlices;
            if (!known || format is not ("table" or "wide" or "json" or "yaml"))
            {
                Console.Error.WriteLine(!known
                    ? $"weft get: unknown kind \"{what}\" (known: pods, nodes, services, endpointslices)"
                    : $"--output: '{format}' must be wide, json or yaml");
                return 2;
            }

            using var client = await RunningCluster.ConnectAsync("weft get", parse.GetValue(cluster)!, Console.Error, ct);
            if (client is null) return 1;

            var allNamespaces = parse.GetValue(all);
            var namespaceName = parse.GetValue(ns) ?? "default";
            if (what is ServiceListing.Services or ServiceListing.EndpointSlices)
            {
                Console.Out.Write(await client.ListAsync(what, namespaceName, allNamespaces, format, ct));
                return 0;
            }

            var view = await client.GetClusterAsync(ct);
            object items = what == "nodes"
                ? view.Nodes
                : view.Pods.Where(p => allNamespaces || p.Namespace == namespaceName).ToList();
            Console.Out.Write(format switch
            {
                "json" => JsonSerializer.Serialize(items, Json) + "\n",
                "yaml" => new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Serialize(items),
                _ => what == "nodes" ? Nodes(view) : Pods((List<PodView>)items, allNamespaces, format == "wide"),
            });
            return 0;
        });
        return command;
    }

    private static string Pods(List<PodView> pods, bool allNamespaces, bool wide)
    {
        if (pods.Count == 0)
        {
            return "No resources found.\n";
        }

        var now = DateTimeOffset.UtcNow;
        var headers = new List<string>();
        if (allNamespaces)
        {
            headers.Add("NAMESPACE");
        }

        headers.AddRange(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
        if (wide)
        {
            headers.AddRange(["IP", "NODE"]);
        }

        var rows = pods.Select(p =>
        {
            var row = new List<string>();
            if (allNamespaces)
            {
                row.Add(p.Namespace);
            }

            row.AddRange([p.Name, p.ReadyCount, PodColumns.Status(p), PodColumns.Restarts(p), PodColumns.Age(p.CreatedAt, now)]);
            if (wide)
            {
                row.AddRange([p.Ip ?? "<none>", p.Node ?? "<none>"]);
            }

            return (IReadOnlyList<string>)row;
        });
        return KubectlTable.Render(headers, rows);
    }

    private static string Nodes(ClusterView view) => KubectlTable.Render(
        ["NAME", "STATUS", "PODS", "POD-CIDR", "UNDERLAY-IP", "NETNS"],
        view.Nodes.Select(n => (IReadOnlyList<string>)[n.Name, n.Status, n.Pods.ToString(), n.PodCidr, n.UnderlayAddress, n.Netns]));
}
