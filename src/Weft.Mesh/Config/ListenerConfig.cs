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
}
