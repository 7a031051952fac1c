using System.Collections.Immutable;

namespace Weft.Dns.Zone;

/// <summary>
/// One existing name of the zone and its records. A node without records is an empty non-terminal: it exists
/// because names below it do, so queries for it answer NODATA, not NXDOMAIN (RFC 8020).
/// </summary>
public sealed class ZoneNode
{
    internal ZoneNode(ImmutableArray<Protocol.DnsRecordData> records) => Records = records;

    public ImmutableArray<Protocol.DnsRecordData> Records { get; }
}
