using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
public sealed record EndpointSlice : Resource
{
    public override string Kind => "EndpointSlice";

    public override string ApiVersion => "discovery.k8s.io/v1";

    /// <summary>IPv4, IPv6 or FQDN.</summary>
    public string AddressType { get; init; } = "IPv4";

    public ImmutableArray<Endpoint> Endpoints { get; init; } = [];

    public ImmutableArray<EndpointPort> Ports { get; init; } = [];

    /// <summary>The owning service, from the <c>kubernetes.io/service-name</c> label.</summary>
    public string? ServiceName => Metadata.Labels.GetValueOrDefault("kubernetes.io/service-name");
}
