using System.Collections.Immutable;

namespace Weft.Datapath.Services;

/// <summary>The service datapath of one node, derived from a <see cref="Weft.Services.ServiceModel"/> revision.</summary>
public sealed record NodeServicePlan
{
    public required string NodeName { get; init; }

    /// <summary>The service model revision this plan was derived from.</summary>
    public long Revision { get; init; }

    /// <summary>Service ports sorted by <see cref="ServicePortPlan.Id"/>.</summary>
    public ImmutableArray<ServicePortPlan> Ports { get; init; } = [];
}
