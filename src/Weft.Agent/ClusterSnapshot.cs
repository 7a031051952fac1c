using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Datapath.Policy;
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

    /// <summary>The compiled policy (enforced + all, for audit mode); null when the snapshot carries no policy input.</summary>
    public PolicyModels? Policy { get; init; }

    /// <summary>Each running pod's host-side veth (<c>namespace/name</c> → name): where the policy datapath checks it.</summary>
    public ImmutableDictionary<string, string> HostInterfaces { get; init; } = ImmutableDictionary<string, string>.Empty;

    public required ClusterDnsZone Dns { get; init; }

    /// <summary>The placed and addressed pods the snapshot was compiled from (flow enrichment names them).</summary>
    public ImmutableArray<Pod> Pods { get; init; } = [];
}
