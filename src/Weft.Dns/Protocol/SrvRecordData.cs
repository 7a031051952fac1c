namespace Weft.Dns.Protocol;

/// <summary>SRV data (RFC 2782): the target name is never compressed on write.</summary>
public sealed record SrvRecordData(ushort Priority, ushort Weight, ushort Port, string Target) : DnsRecordData
{
    public override DnsType Type => DnsType.SRV;

    public override string ToString() => $"{Priority} {Weight} {Port} {Target}.";
}
