using System.Net;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Config;

/// <summary>One listening socket of the proxy and the upstream it forwards to.</summary>
public sealed record ListenerConfig
{
    public required string Name { get; init; }

    public required IPEndPoint Endpoint { get; init; }

    public TrafficDirection Direction { get; init; } = TrafficDirection.Outbound;

    public ListenerSecurity Security { get; init; } = ListenerSecurity.Plain;

    public required UpstreamConfig Upstream { get; init; }

    /// <summary>
    /// Adds <c>x-weft-client-id: &lt;SPIFFE ID&gt;</c> to requests forwarded from an mTLS listener (off by default:
    /// the proxy adds nothing the application did not ask for).
    /// </summary>
    public bool ForwardClientIdentity { get; init; }

    /// <summary>
    /// Permissive listeners: the SNI that marks a peer proxy's ClientHello (terminated as mTLS, client certificate
    /// required). A ClientHello with any other or no SNI is the application's own TLS and passes through as opaque.
    /// </summary>
    public string PeerServerName { get; init; } = UpstreamConfig.MeshServerName;

    /// <summary>
    /// Sidecar mode: connections arrive through the pod's redirect rules and go to their original destination
    /// (SO_ORIGINAL_DST), balanced over the endpoint watch named "ADDR:PORT" of that destination when one exists.
    /// A connection that was not redirected is closed.
    /// </summary>
    public bool Transparent { get; init; }
}
