namespace Weft.Services;

/// <summary>
/// What the runtime knows about a pod that the EndpointSlice controller needs: readiness (all readiness probes
/// pass) and whether the pod is terminating (has a deletion timestamp).
/// </summary>
public sealed record PodStatus(bool Ready, bool Terminating = false)
{
    /// <summary>The status assumed for pods the runtime has not reported on: running and ready.</summary>
    public static PodStatus Running { get; } = new(Ready: true);
}
