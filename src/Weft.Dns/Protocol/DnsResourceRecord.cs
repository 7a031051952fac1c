namespace Weft.Dns.Protocol;

/// <summary>
/// A resource record (RFC 1035 §4.1.3). For OPT the class carries the UDP payload size and the TTL the extended
/// RCODE, version and flags (RFC 6891 §6.1.3), exactly as on the wire.
/// </summary>
public sealed record DnsResourceRecord(string Name, DnsClass Class, uint Ttl, DnsRecordData Data)
{
    public DnsType Type => Data.Type;

    public override string ToString() => $"{Name}. {Ttl} {Class} {Type} {Data}";
}
