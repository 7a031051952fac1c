using System.Collections.Immutable;
using System.Net;

namespace Weft.Dns.Zone;

/// <summary>How the cluster zone is built.</summary>
public sealed record ClusterDnsOptions
{
    /// <summary>The cluster domain, without trailing dot.</summary>
    public string Zone { get; init; } = "cluster.local";

    /// <summary>
    /// TTL of every record. 5 s, like the CoreDNS kubernetes plugin, rather than the specification examples' 30 s:
    /// endpoints of scaled-down workloads should leave client caches quickly.
    /// </summary>
    public uint Ttl { get; init; } = 5;

    /// <summary>The SOA MINIMUM and TTL, i.e. how long NXDOMAIN and NODATA may be cached (RFC 2308 §5).</summary>
    public uint NegativeTtl { get; init; } = 5;

    public PodRecordMode PodRecords { get; init; } = PodRecordMode.Verified;

    /// <summary>Use the pod name as an endpoint's hostname when it has none (CoreDNS <c>endpoint_pod_names</c>).</summary>
    public bool EndpointPodNames { get; init; }

    /// <summary>The DNS service's own addresses, published as the zone's NS glue (<c>ns.dns.zone</c>).</summary>
    public ImmutableArray<IPAddress> NameServerAddresses { get; init; } = [];

    /// <summary>The schema version in the <c>dns-version.zone</c> TXT record (specification §2.2).</summary>
    public string SchemaVersion { get; init; } = "1.1.0";
}
