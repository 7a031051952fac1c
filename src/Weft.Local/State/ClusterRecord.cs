using System.Text.Json.Serialization;
using Weft.Api.Net;
using Weft.Local.Cluster;

namespace Weft.Local.State;

/// <summary>The persisted form of a cluster (<c>cluster.json</c>): its spec, and what is running, for repair after a crash.</summary>
public sealed record ClusterRecord
{
    public required string Name { get; init; }

    public required int Nodes { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<RoutingMode>))]
    public required RoutingMode Routing { get; init; }

    public required string PodCidr { get; init; }

    public required int NodeCidrLength { get; init; }

    public required string ServiceCidr { get; init; }

    public required string UnderlayCidr { get; init; }

    public required int VxlanVni { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static ClusterRecord From(ClusterSpec spec, DateTimeOffset createdAt) => new()
    {
        Name = spec.Name,
        Nodes = spec.Nodes,
        Routing = spec.Routing,
        PodCidr = spec.PodCidr.ToString(),
        NodeCidrLength = spec.NodeCidrLength,
        ServiceCidr = spec.ServiceCidr.ToString(),
        UnderlayCidr = spec.UnderlayCidr.ToString(),
        VxlanVni = spec.VxlanVni,
        CreatedAt = createdAt,
    };

    public ClusterSpec ToSpec() => new()
    {
        Name = Name,
        Nodes = Nodes,
        Routing = Routing,
        PodCidr = IpPrefix.Parse(PodCidr),
        NodeCidrLength = NodeCidrLength,
        ServiceCidr = IpPrefix.Parse(ServiceCidr),
        UnderlayCidr = IpPrefix.Parse(UnderlayCidr),
        VxlanVni = VxlanVni,
    };
}
