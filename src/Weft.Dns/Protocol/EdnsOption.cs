using System.Collections.Immutable;

namespace Weft.Dns.Protocol;

/// <summary>One EDNS0 option (RFC 6891 §6.1.2): a code and opaque data, echoed or ignored, never interpreted here.</summary>
public sealed record EdnsOption(ushort Code, ImmutableArray<byte> Data)
{
    public override string ToString() => $"{Code}:{Convert.ToHexString(Data.AsSpan())}";
}
