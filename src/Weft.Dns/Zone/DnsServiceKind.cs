namespace Weft.Dns.Zone;

/// <summary>How a service appears in DNS (Kubernetes DNS specification §2.3–2.5).</summary>
public enum DnsServiceKind
{
    /// <summary>A/AAAA to the cluster IPs (ClusterIP, NodePort and LoadBalancer services alike).</summary>
    ClusterIP,

    /// <summary>clusterIP: None — A/AAAA to each ready endpoint.</summary>
    Headless,

    /// <summary>A CNAME to <see cref="DnsService.ExternalName"/>.</summary>
    ExternalName,
}
