namespace Weft.Dns.Protocol;

/// <summary>The outcome of <see cref="DnsMessageWriter.Write"/>: bytes written, whether TC was set, or why nothing was.</summary>
public readonly record struct DnsWriteResult(int Length, bool Truncated, DnsFormatError Error)
{
    public bool Succeeded => Error == DnsFormatError.None;
}
