using System.Buffers.Binary;
using Weft.Dns.Protocol;
using Weft.Dns.Resolution;
using Weft.Dns.Zone;

namespace Weft.Dns.Server;

/// <summary>
/// Bytes in, bytes out: reads a query, resolves it against the current snapshot, writes the response within the
/// transport's size limit. Never throws on bad input: unreadable queries with a readable header get FORMERR, the
/// rest (and anything that claims to be a response) is dropped.
/// </summary>
internal sealed class DnsQueryHandler
{
    private const int MinUdpPayload = 512;

    private readonly ClusterDnsZoneSource _zones;
    private readonly DnsServerOptions _options;
    private readonly bool _hasUpstream;
    private readonly DnsMetrics _metrics;

    public DnsQueryHandler(ClusterDnsZoneSource zones, DnsServerOptions options, bool hasUpstream, DnsMetrics metrics)
    {
        _zones = zones;
        _options = options;
        _hasUpstream = hasUpstream;
        _metrics = metrics;
    }

    /// <summary>
    /// Answers <paramref name="request"/> into <paramref name="response"/>. Returns the response length, or 0 to
    /// send nothing; when <paramref name="forward"/> is set the caller sends the query upstream instead.
    /// </summary>
    public int Handle(ReadOnlySpan<byte> request, Span<byte> response, DnsTransport transport, out DnsForward? forward)
    {
        forward = null;
        if (!DnsMessageReader.TryReadHeader(request, out var id, out var flags) || (flags & 0x8000) != 0)
        {
            // Too short to answer, or a response: answering responses invites reflection loops.
            _metrics.Malformed();
            return 0;
        }

        if (DnsMessageReader.TryRead(request, out var query) != DnsFormatError.None)
        {
            _metrics.Malformed();
            return WriteFormatError(id, flags, response, transport);
        }

        var limit = SizeLimit(query!, transport);
        var result = ClusterDnsResolver.Resolve(query!, _zones.Current, _options.MaxUdpPayloadSize, _hasUpstream);
        if (result.Outcome == ResolveOutcome.Outside && _hasUpstream)
        {
            forward = new DnsForward(request.ToArray(), request.Length, query!, transport, limit);
            return 0;
        }

        if (_hasUpstream && OutsideCnameTarget(result.Response, _zones.Current) is { } target)
        {
            // An ExternalName's target is someone else's name: ask the upstream for it and answer the whole chain,
            // as the specification's §2.5 example shows.
            var chased = new DnsMessage
            {
                Id = query!.Id,
                RecursionDesired = true,
                Questions = [new DnsQuestion(target, query.Questions[0].Type)],
                Additionals = query.Opt is { } opt ? [opt] : [],
            };
            // One question and the client's OPT: a name is at most 255 octets, so this only fails for huge EDNS options.
            var bytes = new byte[1024];
            var written = DnsMessageWriter.Write(chased, bytes, bytes.Length);
            if (written.Succeeded)
            {
                forward = new DnsForward(bytes, written.Length, query, transport, limit) { LocalAnswer = result.Response };
                return 0;
            }
        }

        return Write(result.Response, query!, response, limit, transport);
    }

    /// <summary>The target of a final CNAME that leaves every zone served here, when the answer stops there.</summary>
    private static string? OutsideCnameTarget(DnsMessage response, ClusterDnsZone zone)
    {
        if (response.ResponseCode != DnsResponseCode.NoError || response.Answers.IsEmpty
            || response.Questions[0].Type is DnsType.CNAME or DnsType.ANY
            || response.Answers[^1].Data is not NameRecordData { Type: DnsType.CNAME } cname)
        {
            return null;
        }

        return zone.Classify(cname.Target) == NameAuthority.Outside ? cname.Target : null;
    }

    /// <summary>Relays an upstream reply to the client, within the client's size limit; SERVFAIL if there is none.</summary>
    public int CompleteForward(DnsForward forward, ReadOnlySpan<byte> reply, Span<byte> response)
    {
        var query = forward.Query;
        if (forward.LocalAnswer is { } local)
        {
            return CompleteChase(forward, local, reply, response);
        }

        var failure = ClusterDnsResolver.ServerFailure(query, _options.MaxUdpPayloadSize, recursionAvailable: true);
        if (reply.IsEmpty || DnsMessageReader.TryRead(reply, out var upstream) != DnsFormatError.None
            || upstream!.Id != query.Id || !upstream.IsResponse)
        {
            return Write(failure, query, response, forward.SizeLimit, forward.Transport);
        }

        // The upstream's OPT described its own limits; the client gets ours, as for any other answer.
        var additionals = upstream.Additionals.RemoveAll(r => r.Type == DnsType.OPT);
        if (query.Opt is not null)
        {
            additionals = additionals.Add(EdnsInfo.CreateRecord(_options.MaxUdpPayloadSize, upstream.ResponseCode));
        }

        var relayed = upstream with { Additionals = additionals, Truncated = false };
        if (query.Opt is null && relayed.ResponseCode > (DnsResponseCode)0xF)
        {
            relayed = relayed with { ResponseCode = DnsResponseCode.ServFail };
        }

        return Write(relayed, query, response, forward.SizeLimit, forward.Transport);
    }

    /// <summary>
    /// Appends the upstream's answer for an ExternalName target to the local CNAME. If the upstream fails, the CNAME
    /// alone is still a correct answer (the client may follow it itself). The RCODE is the target's (RFC 6604) and
    /// AA is cleared, since part of the answer is not ours.
    /// </summary>
    private int CompleteChase(DnsForward forward, DnsMessage local, ReadOnlySpan<byte> reply, Span<byte> response)
    {
        var message = local;
        if (!reply.IsEmpty && DnsMessageReader.TryRead(reply, out var upstream) == DnsFormatError.None
            && upstream!.Id == forward.Query.Id && upstream.IsResponse && upstream.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain)
        {
            message = local with
            {
                AuthoritativeAnswer = false,
                ResponseCode = upstream.ResponseCode,
                Answers = local.Answers.AddRange(upstream.Answers),
            };
        }

        return Write(message, forward.Query, response, forward.SizeLimit, forward.Transport);
    }

    private int Write(DnsMessage message, DnsMessage query, Span<byte> response, int limit, DnsTransport transport)
    {
        var written = DnsMessageWriter.Write(message, response, limit);
        if (!written.Succeeded)
        {
            // Content the codec cannot encode is a bug upstream of here; the client still gets an answer.
            _metrics.Error();
            message = ClusterDnsResolver.ServerFailure(query, _options.MaxUdpPayloadSize, _hasUpstream);
            written = DnsMessageWriter.Write(message, response, limit);
        }

        if (written.Truncated)
        {
            _metrics.Truncated();
        }

        var type = query.Questions.Length > 0 ? query.Questions[0].Type : (DnsType)0;
        _metrics.Query(type, message.ResponseCode, transport);
        return written.Length;
    }

    private int SizeLimit(DnsMessage query, DnsTransport transport)
    {
        if (transport == DnsTransport.Tcp)
        {
            return DnsMessageWriter.MaxMessageLength;
        }

        // RFC 6891 §6.2.5: sizes below 512 are treated as 512.
        var opt = query.Opt;
        return opt is null ? MinUdpPayload
            : Math.Clamp(EdnsInfo.FromRecord(opt).UdpPayloadSize, MinUdpPayload, Math.Max((int)_options.MaxUdpPayloadSize, MinUdpPayload));
    }

    private int WriteFormatError(ushort id, ushort flags, Span<byte> response, DnsTransport transport)
    {
        // Header only: QR, the query's opcode and RD, RCODE 1, no sections (the question could not be read).
        var replyFlags = (ushort)(0x8000 | (flags & 0x7900) | (int)DnsResponseCode.FormErr);
        BinaryPrimitives.WriteUInt16BigEndian(response, id);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], replyFlags);
        response[4..DnsMessageWriter.HeaderLength].Clear();
        _metrics.Query(0, DnsResponseCode.FormErr, transport);
        return DnsMessageWriter.HeaderLength;
    }
}
