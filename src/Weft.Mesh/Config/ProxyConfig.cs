using System.Collections.Immutable;
using System.Net;

namespace Weft.Mesh.Config;

/// <summary>
/// The whole configuration of one proxy, validated by <see cref="ProxyConfigValidator"/> before use and replaced
/// whole, never edited in place (as YARP's ClusterConfig). Endpoints and certificates are live watches beside it.
/// </summary>
public sealed record ProxyConfig
{
    public required ImmutableArray<ListenerConfig> Listeners { get; init; }

    /// <summary>Admin listener for /metrics, /ready and /live (the sidecar default is port 4191).</summary>
    public IPEndPoint? Admin { get; init; }

    public ProxyLimits Limits { get; init; } = new();
}
