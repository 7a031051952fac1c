using System.Collections.Immutable;
using Weft.Dns.Protocol;

namespace Weft.Dns.Resolution;

/// <summary>
/// What every response to one query shares (ID, opcode, RD, CD, the question, RA, the OPT rules), so each outcome
/// builds its message once.
/// </summary>
internal readonly record struct Reply(DnsMessage Query, DnsResourceRecord? Opt, ushort UdpPayloadSize, bool RecursionAvailable)
{
    public DnsMessage Empty(DnsResponseCode rcode) => Build(rcode, authoritative: false, [], [], []);

    /// <summary>An authoritative answer from the zone.</summary>
    public DnsMessage Build(
        DnsResponseCode rcode,
        ImmutableArray<DnsResourceRecord>.Builder answers,
        ImmutableArray<DnsResourceRecord> authorities,
        ImmutableArray<DnsResourceRecord>.Builder additionals)
    {
        // RFC 6891 §7: a response to an EDNS query carries one OPT record; a plain query gets none.
        if (Opt is not null)
        {
            additionals.Add(EdnsInfo.CreateRecord(UdpPayloadSize, rcode, EdnsInfo.FromRecord(Opt).DnssecOk));
        }

        return Build(rcode, authoritative: true, answers.DrainToImmutable(), authorities, additionals.DrainToImmutable(), optAdded: true);
    }

    private DnsMessage Build(
        DnsResponseCode rcode,
        bool authoritative,
        ImmutableArray<DnsResourceRecord> answers,
        ImmutableArray<DnsResourceRecord> authorities,
        ImmutableArray<DnsResourceRecord> additionals,
        bool optAdded = false)
    {
        if (!optAdded && Opt is not null)
        {
            additionals = additionals.Add(EdnsInfo.CreateRecord(UdpPayloadSize, rcode, EdnsInfo.FromRecord(Opt).DnssecOk));
        }

        // Without EDNS an extended RCODE cannot be expressed.
        if (Opt is null && rcode > (DnsResponseCode)0xF)
        {
            rcode = DnsResponseCode.FormErr;
        }

        return new DnsMessage
        {
            Id = Query.Id,
            IsResponse = true,
            Opcode = Query.Opcode,
            AuthoritativeAnswer = authoritative,
            RecursionDesired = Query.RecursionDesired,
            RecursionAvailable = RecursionAvailable,
            CheckingDisabled = Query.CheckingDisabled,
            ResponseCode = rcode,
            Questions = Query.Questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
    }
}
