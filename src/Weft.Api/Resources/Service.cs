using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>v1 Service.</summary>
public sealed record Service : Resource
{
    public override string Kind => "Service";

    public override string ApiVersion => "v1";

    public ServiceType Type { get; init; } = ServiceType.ClusterIP;

    /// <summary>The requested cluster IP: null to allocate, "None" for headless.</summary>
    public string? ClusterIP { get; init; }

    /// <summary>The selector; null when the service has none (endpoints are managed by hand).</summary>
    public ImmutableSortedDictionary<string, string>? Selector { get; init; }

    public ImmutableArray<ServicePort> Ports { get; init; } = [];

    public SessionAffinity SessionAffinity { get; init; } = SessionAffinity.None;

    /// <summary>ClientIP affinity timeout; Kubernetes defaults it to 10800 s (3 h).</summary>
    public int SessionAffinityTimeoutSeconds { get; init; } = 10800;

    public string? ExternalName { get; init; }

    public TrafficPolicy InternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    public TrafficPolicy ExternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    public bool PublishNotReadyAddresses { get; init; }

    public bool IsHeadless => string.Equals(ClusterIP, "None", StringComparison.Ordinal);
}
