using System.Collections.Immutable;
using Weft.Dns.Protocol;
using Weft.Dns.Zone;

namespace Weft.Dns.Resolution;

/// <summary>
/// Answers one parsed query from one zone snapshot: pure, no I/O. Implements RFC 1034 §4.3.2 lookup over the
/// snapshot (CNAME chains inside the zone, NXDOMAIN vs NODATA with the SOA for negative caching per RFC 2308) and
/// the EDNS0 rules of RFC 6891 (echo OPT, BADVERS for versions above 0).
/// </summary>
public static class ClusterDnsResolver
{
    /// <summary>CNAME chains longer than this are cut (they cannot loop within one snapshot, but stay bounded).</summary>
    private const int MaxChain = 8;

    /// <param name="query">A parsed query (not a response).</param>
    /// <param name="zone">The snapshot to answer from.</param>
    /// <param name="udpPayloadSize">The payload size this server advertises in its OPT record.</param>
    /// <param name="recursionAvailable">Whether an upstream resolves names outside the zone (sets RA).</param>
    public static ResolveResult Resolve(DnsMessage query, ClusterDnsZone zone, ushort udpPayloadSize, bool recursionAvailable)
    {
        var reply = new Reply(query, query.Opt, udpPayloadSize, recursionAvailable);
        if (reply.Opt is not null && EdnsInfo.FromRecord(reply.Opt).Version > 0)
        {
            // RFC 6891 §6.1.3: answer BADVERS with our highest version (0) and nothing else.
            return Answered(reply.Empty(DnsResponseCode.BadVers));
        }

        if (query.Opcode != DnsOpcode.Query)
        {
            return Answered(reply.Empty(DnsResponseCode.NotImp));
        }

        if (query.Questions.Length != 1 || query.Questions[0].Type == DnsType.OPT || CountOpt(query) > 1)
        {
            // RFC 6891 §6.1.1: more than one OPT is a FORMERR too.
            return Answered(reply.Empty(DnsResponseCode.FormErr));
        }

        var question = query.Questions[0];
        var authority = zone.Classify(question.Name);
        if (authority == NameAuthority.Outside)
        {
            return new ResolveResult(reply.Empty(DnsResponseCode.Refused), ResolveOutcome.Outside);
        }

        if (question.Class is not (DnsClass.IN or DnsClass.ANY) || question.Type == DnsType.AXFR || (ushort)question.Type == 251)
        {
            // Only IN data lives here, and zone transfers (AXFR, IXFR) are not offered.
            return Answered(reply.Empty(DnsResponseCode.Refused));
        }

        return Answered(Lookup(question, zone, authority, reply));
    }

    /// <summary>A SERVFAIL for a query the server could not answer (upstream failure).</summary>
    public static DnsMessage ServerFailure(DnsMessage query, ushort udpPayloadSize, bool recursionAvailable) =>
        new Reply(query, query.Opt, udpPayloadSize, recursionAvailable).Empty(DnsResponseCode.ServFail);

    private static ResolveResult Answered(DnsMessage response) => new(response, ResolveOutcome.Answered);

    private static DnsMessage Lookup(DnsQuestion question, ClusterDnsZone zone, NameAuthority authority, Reply reply)
    {
        var answers = ImmutableArray.CreateBuilder<DnsResourceRecord>();
        var additionals = ImmutableArray.CreateBuilder<DnsResourceRecord>();
        var ttl = zone.Options.Ttl;
        var name = question.Name;
        for (var hop = 0; hop <= MaxChain; hop++)
        {
            var node = zone.Find(name);
            if (node is null)
            {
                // RFC 6604: after a CNAME the RCODE describes the last name of the chain.
                return reply.Build(DnsResponseCode.NXDomain, answers, [zone.NegativeSoa(name, authority)], additionals);
            }

            var cname = FindCname(node);
            if (cname is not null && question.Type is not (DnsType.CNAME or DnsType.ANY))
            {
                answers.Add(new DnsResourceRecord(name, DnsClass.IN, ttl, cname));
                name = cname.Target;
                var next = zone.Classify(name);
                if (next == NameAuthority.Outside)
                {
                    // The target is someone else's: the client (or its recursive resolver) follows it.
                    return reply.Build(DnsResponseCode.NoError, answers, [], additionals);
                }

                authority = next;
                continue;
            }

            var found = false;
            foreach (var data in node.Records)
            {
                if (data.Type == question.Type || question.Type == DnsType.ANY)
                {
                    answers.Add(new DnsResourceRecord(name, DnsClass.IN, ttl, data));
                    AddGlue(data, zone, additionals);
                    found = true;
                }
            }

            return found ? reply.Build(DnsResponseCode.NoError, answers, [], additionals)
                : reply.Build(DnsResponseCode.NoError, answers, [zone.NegativeSoa(name, authority)], additionals);
        }

        return reply.Build(DnsResponseCode.NoError, answers, [], additionals);
    }

    /// <summary>The A/AAAA records of SRV targets and NS names, when the zone has them (spec §2.3.2, §2.4.2).</summary>
    private static void AddGlue(DnsRecordData data, ClusterDnsZone zone, ImmutableArray<DnsResourceRecord>.Builder additionals)
    {
        var target = data switch
        {
            SrvRecordData srv => srv.Target,
            NameRecordData { Type: DnsType.NS } ns => ns.Target,
            _ => null,
        };
        if (target is null || zone.Classify(target) == NameAuthority.Outside || zone.Find(target) is not { } node)
        {
            return;
        }

        foreach (var record in node.Records)
        {
            if (record.Type is DnsType.A or DnsType.AAAA)
            {
                var glue = new DnsResourceRecord(target, DnsClass.IN, zone.Options.Ttl, record);
                if (!additionals.Contains(glue))
                {
                    additionals.Add(glue);
                }
            }
        }
    }

    private static NameRecordData? FindCname(ZoneNode node)
    {
        foreach (var data in node.Records)
        {
            if (data is NameRecordData { Type: DnsType.CNAME } cname)
            {
                return cname;
            }
        }

        return null;
    }

    private static int CountOpt(DnsMessage query)
    {
        var count = 0;
        foreach (var record in query.Additionals)
        {
            if (record.Type == DnsType.OPT)
            {
                count++;
            }
        }

        return count;
    }
}
