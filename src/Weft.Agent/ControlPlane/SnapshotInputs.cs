using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Datapath.Policy;
using Weft.Policy.Inputs;
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

    /// <summary>Namespaces (with labels) and the three policy kinds; the pods are <see cref="Pods"/>. Null: no policy datapath.</summary>
    public PolicyInput? Policies { get; init; }

    /// <summary>The cluster-wide policy mode; in <see cref="PolicyMode.Audit"/> nothing is dropped, would-be drops are logged as AUDIT.</summary>
    public PolicyMode PolicyMode { get; init; }

    /// <summary>Each running pod's host-side veth (<c>namespace/name</c> → name).</summary>
    public ImmutableDictionary<string, string> HostInterfaces { get; init; } = ImmutableDictionary<string, string>.Empty;
}
