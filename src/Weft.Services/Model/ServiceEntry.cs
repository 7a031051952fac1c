using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Services.Model;

/// <summary>A compiled service: its virtual IP, ports, backends and the policies that shape traffic to it.</summary>
public sealed record ServiceEntry
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public string Key => $"{Namespace}/{Name}";

    public ServiceType Type { get; init; } = ServiceType.ClusterIP;

    /// <summary>The allocated cluster IP; null for headless and ExternalName services.</summary>
    public IPAddress? ClusterIP { get; init; }

    public bool Headless { get; init; }

    public string? ExternalName { get; init; }

    public ImmutableArray<ServicePortEntry> Ports { get; init; } = [];

    public SessionAffinity SessionAffinity { get; init; } = SessionAffinity.None;

    public int SessionAffinityTimeoutSeconds { get; init; } = 10800;

    public TrafficPolicy InternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    public TrafficPolicy ExternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    public bool PublishNotReadyAddresses { get; init; }

    /// <summary>True when the service has a selector, so Weft maintains its EndpointSlices.</summary>
    public bool HasSelector { get; init; }
}
