using System.Collections.Immutable;
using Weft.Api.Resources;

namespace Weft.Services;

/// <summary>The slice of the desired-state snapshot that services are compiled from.</summary>
public sealed record ServiceInputs
{
    public ImmutableArray<Service> Services { get; init; } = [];

    public ImmutableArray<Pod> Pods { get; init; } = [];

    /// <summary>Pod readiness keyed by <c>namespace/name</c>; a pod without an entry counts as <see cref="PodStatus.Running"/>.</summary>
    public ImmutableDictionary<string, PodStatus> PodStatuses { get; init; } = ImmutableDictionary<string, PodStatus>.Empty;

    /// <summary>User-provided EndpointSlices, used for services without a selector.</summary>
    public ImmutableArray<EndpointSlice> EndpointSlices { get; init; } = [];
}
