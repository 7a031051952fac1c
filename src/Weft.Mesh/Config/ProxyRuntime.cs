using Weft.Mesh.Balancing;
using Weft.Mesh.Identity;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Config;

/// <summary>
/// What a proxy needs beyond its configuration: injected time and randomness, endpoint watches by upstream name,
/// the workload certificate watch and the peer validator. The sidecar fills these from the control plane; the
/// standalone <c>weft proxy</c> from flags and files.
/// </summary>
public sealed class ProxyRuntime
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Random Random { get; init; } = Random.Shared;

    public required Func<string, LatestValue<EndpointSet>?> Endpoints { get; init; }

    public LatestValue<WorkloadCertificate>? Certificates { get; init; }

    public PeerCertificateValidator? PeerValidator { get; init; }

    /// <summary>
    /// SO_MARK set on every upstream socket (sidecar mode: the pod's redirect rules let marked traffic pass, see
    /// <see cref="Sidecar.RedirectPlan.ProxyMark"/>); null in standalone mode. Needs CAP_NET_ADMIN.
    /// </summary>
    public uint? SocketMark { get; init; }

    /// <summary>
    /// Sidecar mode: whether an endpoint's address is a meshed pod. A transparent outbound listener originates
    /// mTLS (HTTP/2) to meshed endpoints, on their original port, and stays plain towards the rest; null = never.
    /// </summary>
    public Func<System.Net.IPAddress, bool>? IsMeshed { get; init; }

    /// <summary>
    /// Sidecar mode: a meshed endpoint's SPIFFE ID as the control plane gave it (null or "" when unknown) — the
    /// <c>dst_id</c> of outbound requests towards it. Unmeshed destinations have no identity (<c>dst_id=""</c>).
    /// </summary>
    public Func<System.Net.IPAddress, string?>? MeshIdentity { get; init; }
}
