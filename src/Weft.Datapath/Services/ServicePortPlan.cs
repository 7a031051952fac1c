using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Datapath.Services;

/// <summary>What one node must do for one service port: which endpoints each path may use and how to choose.</summary>
public sealed record ServicePortPlan
{
    /// <summary><c>ns/name/proto/port-name</c>, the stable identity that names its chains.</summary>
    public required string Id { get; init; }

    public required IPAddress ClusterIP { get; init; }

    public required Protocol Protocol { get; init; }

    public required int Port { get; init; }

    public int? NodePort { get; init; }

    /// <summary>Endpoints for traffic to the cluster IP (only local ones under internalTrafficPolicy Local).</summary>
    public ImmutableArray<EndpointTarget> ClusterEndpoints { get; init; } = [];

    /// <summary>Endpoints for NodePort traffic (only local ones under externalTrafficPolicy Local).</summary>
    public ImmutableArray<EndpointTarget> ExternalEndpoints { get; init; } = [];

    /// <summary>
    /// True when the service has usable endpoints somewhere in the cluster. A path with no endpoints rejects when
    /// the service has none at all (the client learns at once) and drops when only a traffic policy hides them.
    /// </summary>
    public bool HasEndpoints { get; init; }

    /// <summary>ClientIP session affinity timeout; null without affinity.</summary>
    public int? AffinityTimeoutSeconds { get; init; }

    /// <summary>externalTrafficPolicy Local: NodePort traffic keeps its client address (no masquerade).</summary>
    public bool ExternalLocal { get; init; }
}
