using Weft.Dns.Zone;
using Weft.Services;

namespace Weft.Agent;

/// <summary>
/// What the control plane hands every node agent after a change: the compiled services and the DNS zone built
/// from the same inputs. Immutable; a newer snapshot replaces an older one whole. The policy datapath adds its
/// compiled input here when it plugs in.
/// </summary>
public sealed record ClusterSnapshot
{
    public static ClusterSnapshot Empty { get; } = new() { Dns = ClusterDnsZone.Empty(new ClusterDnsOptions()) };

    /// <summary>Increases with every snapshot the control plane builds.</summary>
    public long Revision { get; init; }

    public ServiceModel Services { get; init; } = ServiceModel.Empty;

    public required ClusterDnsZone Dns { get; init; }
}
