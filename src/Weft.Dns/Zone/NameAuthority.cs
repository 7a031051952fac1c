namespace Weft.Dns.Zone;

/// <summary>Whether the server is authoritative for a name.</summary>
public enum NameAuthority
{
    /// <summary>Inside the cluster zone: answered here, NXDOMAIN when absent.</summary>
    Cluster,

    /// <summary>A reverse name (in-addr.arpa, ip6.arpa) that the snapshot holds.</summary>
    Reverse,

    /// <summary>Anything else: refused, or forwarded when an upstream is configured.</summary>
    Outside,
}
