using System.Collections.Immutable;

namespace Weft.Dns.Protocol;

/// <summary>
/// OPT pseudo-record data (RFC 6891 §6.1.2). The payload size and extended flags live in the record's class and TTL;
/// <see cref="EdnsInfo"/> reads them.
/// </summary>
public sealed record OptRecordData(ImmutableArray<EdnsOption> Options) : DnsRecordData
{
    public override DnsType Type => DnsType.OPT;

    public override string ToString() => string.Join(' ', Options);
}
