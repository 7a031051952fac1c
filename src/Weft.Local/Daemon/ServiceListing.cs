using System.Globalization;
using System.Text.Json;
using Weft.Agent;
using Weft.Api.Resources;
using Weft.Services.Formatting;
using Weft.Services.Model;
using YamlDotNet.Serialization;

namespace Weft.Local.Daemon;

/// <summary>
/// <c>weft get svc|endpointslices</c> rendered by the daemon from its newest snapshot: kubectl's tables (from
/// Weft.Services' formatters), or the objects as kubectl prints them with <c>-o json|yaml</c> (a v1 List).
/// </summary>
public static class ServiceListing
{
    public const string Services = "services";
    public const string EndpointSlices = "endpointslices";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Render(string kind, ClusterSnapshot snapshot, IReadOnlyDictionary<string, DateTimeOffset> created, string ns, bool allNamespaces, string output, DateTimeOffset now)
    {
        var services = snapshot.Services.Services.Values.Where(s => allNamespaces || s.Namespace == ns).ToList();
        var slices = snapshot.Services.EndpointSlices.Where(s => allNamespaces || s.Namespace == ns).ToList();
        if (kind == Services ? services.Count == 0 : slices.Count == 0)
        {
            return output is "json" or "yaml" ? Serialize(output, List([])) : "No resources found.\n";
        }

        DateTimeOffset? CreatedAt(string key) => created.TryGetValue(key, out var at) ? at : null;
        DateTimeOffset? SliceCreatedAt(string sliceKey) => slices.FirstOrDefault(s => s.Key == sliceKey) is { ServiceName: { } service } slice
            ? CreatedAt($"{slice.Namespace}/{service}")
            : null;

        if (output is "json" or "yaml")
        {
            var items = kind == Services
                ? services.Select(s => ServiceObject(s, CreatedAt(s.Key))).ToList()
                : slices.Select(s => SliceObject(s, SliceCreatedAt(s.Key))).ToList();
            return Serialize(output, List(items));
        }

        return kind == Services
            ? ServiceTableFormatter.Format(services, CreatedAt, now, allNamespaces)
            : EndpointSliceTableFormatter.Format(slices, SliceCreatedAt, now, allNamespaces);
    }

    private static string Serialize(string output, Dictionary<string, object?> value) => output == "json"
        ? JsonSerializer.Serialize(value, Json) + "\n"
        : new SerializerBuilder().Build().Serialize(value);

    private static Dictionary<string, object?> List(List<Dictionary<string, object?>> items) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = items,
    };

    private static Dictionary<string, object?> ServiceObject(ServiceEntry service, DateTimeOffset? created)
    {
        var spec = new Dictionary<string, object?> { ["type"] = service.Type.ToString() };
        if (service.Type == ServiceType.ExternalName)
        {
            spec["externalName"] = service.ExternalName;
        }
        else
        {
            var clusterIp = service.ClusterIP?.ToString() ?? "None";
            spec["clusterIP"] = clusterIp;
            spec["clusterIPs"] = new List<string> { clusterIp };
            spec["sessionAffinity"] = service.SessionAffinity.ToString();
            spec["internalTrafficPolicy"] = service.InternalTrafficPolicy.ToString();
            if (service.Type is ServiceType.NodePort or ServiceType.LoadBalancer)
            {
                spec["externalTrafficPolicy"] = service.ExternalTrafficPolicy.ToString();
            }

            if (service.PublishNotReadyAddresses)
            {
                spec["publishNotReadyAddresses"] = true;
            }
        }

        spec["ports"] = service.Ports.Select(p =>
        {
            var port = new Dictionary<string, object?> { ["protocol"] = Protocol(p.Protocol), ["port"] = p.Port };
            if (p.Name.Length > 0)
            {
                port["name"] = p.Name;
            }

            if (p.NodePort is { } nodePort)
            {
                port["nodePort"] = nodePort;
            }

            return port;
        }).ToList();
        return new Dictionary<string, object?>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = Metadata(service.Name, service.Namespace, created, null),
            ["spec"] = spec,
        };
    }

    private static Dictionary<string, object?> SliceObject(EndpointSlice slice, DateTimeOffset? created) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = Metadata(slice.Name, slice.Namespace, created, slice.Metadata.Labels),
        ["addressType"] = slice.AddressType,
        ["endpoints"] = slice.Endpoints.Select(e =>
        {
            var endpoint = new Dictionary<string, object?>
            {
                ["addresses"] = e.Addresses.ToList(),
                ["conditions"] = new Dictionary<string, object?>
                {
                    ["ready"] = e.Ready ?? true,
                    ["serving"] = e.Serving ?? e.Ready ?? true,
                    ["terminating"] = e.Terminating ?? false,
                },
            };
            if (e.Hostname is { } hostname)
            {
                endpoint["hostname"] = hostname;
            }

            if (e.NodeName is { } node)
            {
                endpoint["nodeName"] = node;
            }

            if (e.TargetPod is { } pod)
            {
                var slash = pod.IndexOf('/', StringComparison.Ordinal);
                endpoint["targetRef"] = new Dictionary<string, object?> { ["kind"] = "Pod", ["namespace"] = pod[..slash], ["name"] = pod[(slash + 1)..] };
            }

            return endpoint;
        }).ToList(),
        ["ports"] = slice.Ports.Select(p =>
        {
            var port = new Dictionary<string, object?> { ["protocol"] = Protocol(p.Protocol) };
            if (p.Name is { Length: > 0 } name)
            {
                port["name"] = name;
            }

            if (p.Port is { } number)
            {
                port["port"] = number;
            }

            return port;
        }).ToList(),
    };

    private static Dictionary<string, object?> Metadata(string name, string ns, DateTimeOffset? created, IReadOnlyDictionary<string, string>? labels)
    {
        var metadata = new Dictionary<string, object?> { ["name"] = name, ["namespace"] = ns };
        if (created is { } at)
        {
            metadata["creationTimestamp"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        if (labels is { Count: > 0 })
        {
            metadata["labels"] = labels.ToDictionary(l => l.Key, l => (object?)l.Value, StringComparer.Ordinal);
        }

        return metadata;
    }

    private static string Protocol(Protocol protocol) => protocol.ToString().ToUpperInvariant();
}
