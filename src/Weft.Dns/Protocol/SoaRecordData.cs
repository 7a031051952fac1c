namespace Weft.Dns.Protocol;

/// <summary>SOA data (RFC 1035 §3.3.13); <see cref="Minimum"/> is the negative-caching TTL (RFC 2308 §4).</summary>
public sealed record SoaRecordData(
    string PrimaryServer,
    string Mailbox,
    uint Serial,
    uint Refresh,
    uint Retry,
    uint Expire,
    uint Minimum) : DnsRecordData
{
    public override DnsType Type => DnsType.SOA;

    public override string ToString() =>
        $"{PrimaryServer}. {Mailbox}. {Serial} {Refresh} {Retry} {Expire} {Minimum}";
}
