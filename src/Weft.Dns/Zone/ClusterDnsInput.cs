using System.Collections.Immutable;

namespace Weft.Dns.Zone;

/// <summary>
/// Everything cluster DNS answers from: plain data the services layer fills from its model. Names are compared
/// case-insensitively, as the Kubernetes DNS specification requires (§2.1).
/// </summary>
public sealed record ClusterDnsInput
{
    public ImmutableArray<DnsService> Services { get; init; } = [];

    public ImmutableArray<DnsPod> Pods { get; init; } = [];

    /// <summary>Namespaces that exist even without services: their <c>ns.svc.zone</c> name answers NODATA, not NXDOMAIN.</summary>
    public ImmutableArray<string> Namespaces { get; init; } = [];
}
