using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Services;

namespace Weft.Agent.ControlPlane;

/// <summary>
/// The desired objects and the runtime's view of pods that a snapshot is compiled from. Pods carry
/// <c>spec.nodeName</c> and <c>PodIPs</c> as the runtime placed and addressed them.
/// </summary>
public sealed record SnapshotInputs
{
    public ImmutableArray<Service> Services { get; init; } = [];

    public ImmutableArray<EndpointSlice> EndpointSlices { get; init; } = [];

    /// <summary>Namespaces that exist (declared or used): their <c>ns.svc</c> names answer NODATA rather than NXDOMAIN.</summary>
    public ImmutableArray<string> Namespaces { get; init; } = [];

    public ImmutableArray<Pod> Pods { get; init; } = [];

    /// <summary>Readiness by <c>namespace/name</c>; a pod without an entry counts as running and ready.</summary>
    public ImmutableDictionary<string, PodStatus> PodStatuses { get; init; } = ImmutableDictionary<string, PodStatus>.Empty;
}
