using System.Collections.Immutable;

namespace Weft.Dns.Protocol;

/// <summary>
/// A DNS message (RFC 1035 §4.1). The header flags are individual properties; <see cref="ResponseCode"/> holds the
/// full (possibly extended) code, whose low four bits go in the header and the rest in the OPT record.
/// </summary>
public sealed record DnsMessage
{
    public ushort Id { get; init; }

    public bool IsResponse { get; init; }

    public DnsOpcode Opcode { get; init; }

    public bool AuthoritativeAnswer { get; init; }

    public bool Truncated { get; init; }

    public bool RecursionDesired { get; init; }

    public bool RecursionAvailable { get; init; }

    public bool AuthenticData { get; init; }

    public bool CheckingDisabled { get; init; }

    public DnsResponseCode ResponseCode { get; init; }

    public ImmutableArray<DnsQuestion> Questions { get; init; } = [];

    public ImmutableArray<DnsResourceRecord> Answers { get; init; } = [];

    public ImmutableArray<DnsResourceRecord> Authorities { get; init; } = [];

    public ImmutableArray<DnsResourceRecord> Additionals { get; init; } = [];

    /// <summary>The OPT record of the additional section, if any.</summary>
    public DnsResourceRecord? Opt
    {
        get
        {
            foreach (var record in Additionals)
            {
                if (record.Type == DnsType.OPT)
                {
                    return record;
                }
            }

            return null;
        }
    }

    /// <summary>The message's header flags word (RFC 1035 §4.1.1), with the low four bits of the RCODE.</summary>
    public ushort Flags =>
        (ushort)((IsResponse ? 0x8000 : 0)
            | (((int)Opcode & 0xF) << 11)
            | (AuthoritativeAnswer ? 0x0400 : 0)
            | (Truncated ? 0x0200 : 0)
            | (RecursionDesired ? 0x0100 : 0)
            | (RecursionAvailable ? 0x0080 : 0)
            | (AuthenticData ? 0x0020 : 0)
            | (CheckingDisabled ? 0x0010 : 0)
            | ((int)ResponseCode & 0xF));

    /// <summary>A multi-line, dig-like rendering for diagnostics and test failure messages.</summary>
    public override string ToString()
    {
        var lines = new List<string>
        {
            $";; id {Id} {(IsResponse ? "response" : "query")} {Opcode} {ResponseCode} aa={AuthoritativeAnswer} tc={Truncated} rd={RecursionDesired} ra={RecursionAvailable} ad={AuthenticData} cd={CheckingDisabled}",
        };
        foreach (var q in Questions)
        {
            lines.Add(";" + q);
        }

        foreach (var (label, section) in new[] { ("answer", Answers), ("authority", Authorities), ("additional", Additionals) })
        {
            foreach (var r in section)
            {
                lines.Add($"{label}: {r}");
            }
        }

        return string.Join('\n', lines);
    }
}
