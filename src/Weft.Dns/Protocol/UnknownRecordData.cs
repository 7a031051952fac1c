using System.Collections.Immutable;

namespace Weft.Dns.Protocol;

/// <summary>Data of a type this codec does not interpret, kept as opaque bytes (RFC 3597 §5 presentation).</summary>
public sealed record UnknownRecordData(DnsType RecordType, ImmutableArray<byte> Data) : DnsRecordData
{
    public override DnsType Type => RecordType;

    public override string ToString() => $"\\# {Data.Length} {Convert.ToHexString(Data.AsSpan())}";
}
