namespace Weft.Dns.Protocol;

/// <summary>
/// The RDATA of a resource record. Each subtype prints itself in presentation form (RFC 1035 §5.1), which is also
/// what tests compare: two records are the same when they print the same.
/// </summary>
public abstract record DnsRecordData
{
    public abstract DnsType Type { get; }
}
