namespace Weft.Dns.Zone;

/// <summary>How <c>a-b-c-d.ns.pod.zone</c> names are answered (the CoreDNS kubernetes plugin's <c>pods</c> option).</summary>
public enum PodRecordMode
{
    /// <summary>Only for IPs of known pods in that namespace.</summary>
    Verified,

    /// <summary>For any well-formed address and any namespace, as the specification's deprecated §2.6 demands.</summary>
    Insecure,

    /// <summary>No pod records.</summary>
    Disabled,
}
