using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;

namespace Weft.Dns.Protocol;

/// <summary>
/// Reads wire-format messages. Never throws on bad bytes: every malformation is a <see cref="DnsFormatError"/>.
/// Bytes after the last announced record are ignored, as most servers do.
/// </summary>
public static class DnsMessageReader
{
    /// <summary>Reads just the ID and flags, enough to answer FORMERR to a message whose body is unreadable.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> packet, out ushort id, out ushort flags)
    {
        if (packet.Length < DnsMessageWriter.HeaderLength)
        {
            id = 0;
            flags = 0;
            return false;
        }

        id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        return true;
    }

    public static DnsFormatError TryRead(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        message = null;
        if (!TryReadHeader(packet, out var id, out var flags))
        {
            return DnsFormatError.Truncated;
        }

        var counts = (
            Questions: BinaryPrimitives.ReadUInt16BigEndian(packet[4..]),
            Answers: BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            Authorities: BinaryPrimitives.ReadUInt16BigEndian(packet[8..]),
            Additionals: BinaryPrimitives.ReadUInt16BigEndian(packet[10..]));
        var offset = DnsMessageWriter.HeaderLength;

        // Capacity follows the bytes present, not the counts claimed, so a lying header cannot make us allocate.
        var questions = ImmutableArray.CreateBuilder<DnsQuestion>(Math.Min((int)counts.Questions, (packet.Length - offset) / 5));
        for (var i = 0; i < counts.Questions; i++)
        {
            var error = DnsNameEncoding.TryRead(packet, ref offset, out var name);
            if (error != DnsFormatError.None)
            {
                return error;
            }

            if (offset + 4 > packet.Length)
            {
                return DnsFormatError.Truncated;
            }

            questions.Add(new DnsQuestion(
                name,
                (DnsType)BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]),
                (DnsClass)BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..])));
            offset += 4;
        }

        var sections = new ImmutableArray<DnsResourceRecord>[3];
        ReadOnlySpan<int> sectionCounts = [counts.Answers, counts.Authorities, counts.Additionals];
        for (var s = 0; s < 3; s++)
        {
            var records = ImmutableArray.CreateBuilder<DnsResourceRecord>(Math.Min(sectionCounts[s], (packet.Length - offset) / 11));
            for (var i = 0; i < sectionCounts[s]; i++)
            {
                var error = TryReadRecord(packet, ref offset, out var record);
                if (error != DnsFormatError.None)
                {
                    return error;
                }

                records.Add(record!);
            }

            sections[s] = records.DrainToImmutable();
        }

        var rcode = (DnsResponseCode)(flags & 0xF);
        foreach (var record in sections[2])
        {
            if (record.Type == DnsType.OPT)
            {
                rcode = (DnsResponseCode)(((record.Ttl >> 24) << 4) | (uint)(flags & 0xF));
                break;
            }
        }

        message = new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (DnsOpcode)((flags >> 11) & 0xF),
            AuthoritativeAnswer = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            CheckingDisabled = (flags & 0x0010) != 0,
            ResponseCode = rcode,
            Questions = questions.DrainToImmutable(),
            Answers = sections[0],
            Authorities = sections[1],
            Additionals = sections[2],
        };
        return DnsFormatError.None;
    }

    private static DnsFormatError TryReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsResourceRecord? record)
    {
        record = null;
        var error = DnsNameEncoding.TryRead(packet, ref offset, out var name);
        if (error != DnsFormatError.None)
        {
            return error;
        }

        if (offset + 10 > packet.Length)
        {
            return DnsFormatError.Truncated;
        }

        var type = (DnsType)BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        var @class = (DnsClass)BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        offset += 10;
        if (offset + dataLength > packet.Length)
        {
            return DnsFormatError.Truncated;
        }

        error = TryReadData(packet, offset, dataLength, type, out var data);
        if (error != DnsFormatError.None)
        {
            return error;
        }

        offset += dataLength;
        record = new DnsResourceRecord(name, @class, ttl, data!);
        return DnsFormatError.None;
    }

    private static DnsFormatError TryReadData(ReadOnlySpan<byte> packet, int start, int length, DnsType type, out DnsRecordData? data)
    {
        data = null;
        var end = start + length;
        var rdata = packet.Slice(start, length);
        var offset = start;
        DnsFormatError error;
        switch (type)
        {
            case DnsType.A or DnsType.AAAA:
                if (length != (type == DnsType.A ? 4 : 16))
                {
                    return DnsFormatError.BadRecordData;
                }

                data = new AddressRecordData(new IPAddress(rdata));
                return DnsFormatError.None;
            case DnsType.CNAME or DnsType.NS or DnsType.PTR:
                // Names inside RDATA may point anywhere earlier in the packet, but must end inside the RDATA.
                error = DnsNameEncoding.TryRead(packet[..end], ref offset, out var target);
                if (error != DnsFormatError.None)
                {
                    return error == DnsFormatError.Truncated ? DnsFormatError.BadRecordData : error;
                }

                data = new NameRecordData(type, target);
                break;
            case DnsType.SOA:
                error = DnsNameEncoding.TryRead(packet[..end], ref offset, out var primary);
                if (error == DnsFormatError.None)
                {
                    error = DnsNameEncoding.TryRead(packet[..end], ref offset, out var mailbox);
                    if (error == DnsFormatError.None && offset + 20 <= end)
                    {
                        var f = packet[offset..];
                        data = new SoaRecordData(
                            primary,
                            mailbox,
                            BinaryPrimitives.ReadUInt32BigEndian(f),
                            BinaryPrimitives.ReadUInt32BigEndian(f[4..]),
                            BinaryPrimitives.ReadUInt32BigEndian(f[8..]),
                            BinaryPrimitives.ReadUInt32BigEndian(f[12..]),
                            BinaryPrimitives.ReadUInt32BigEndian(f[16..]));
                        offset += 20;
                        break;
                    }
                }

                return error is DnsFormatError.None or DnsFormatError.Truncated ? DnsFormatError.BadRecordData : error;
            case DnsType.SRV:
                if (length < 7)
                {
                    return DnsFormatError.BadRecordData;
                }

                offset += 6;
                error = DnsNameEncoding.TryRead(packet[..end], ref offset, out var srvTarget);
                if (error != DnsFormatError.None)
                {
                    return error == DnsFormatError.Truncated ? DnsFormatError.BadRecordData : error;
                }

                data = new SrvRecordData(
                    BinaryPrimitives.ReadUInt16BigEndian(rdata),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[4..]),
                    srvTarget);
                break;
            case DnsType.TXT:
                return TryReadTxt(rdata, out data);
            case DnsType.OPT:
                return TryReadOpt(rdata, out data);
            default:
                data = new UnknownRecordData(type, [.. rdata]);
                return DnsFormatError.None;
        }

        return offset == end ? DnsFormatError.None : DnsFormatError.BadRecordData;
    }

    private static DnsFormatError TryReadTxt(ReadOnlySpan<byte> rdata, out DnsRecordData? data)
    {
        data = null;
        var strings = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        while (i < rdata.Length)
        {
            var length = rdata[i];
            if (i + 1 + length > rdata.Length)
            {
                return DnsFormatError.BadRecordData;
            }

            strings.Add(System.Text.Encoding.Latin1.GetString(rdata.Slice(i + 1, length)));
            i += 1 + length;
        }

        data = new TxtRecordData(strings.DrainToImmutable());
        return DnsFormatError.None;
    }

    private static DnsFormatError TryReadOpt(ReadOnlySpan<byte> rdata, out DnsRecordData? data)
    {
        data = null;
        var options = ImmutableArray.CreateBuilder<EdnsOption>();
        var i = 0;
        while (i < rdata.Length)
        {
            if (i + 4 > rdata.Length)
            {
                return DnsFormatError.BadRecordData;
            }

            var code = BinaryPrimitives.ReadUInt16BigEndian(rdata[i..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rdata[(i + 2)..]);
            if (i + 4 + length > rdata.Length)
            {
                return DnsFormatError.BadRecordData;
            }

            options.Add(new EdnsOption(code, [.. rdata.Slice(i + 4, length)]));
            i += 4 + length;
        }

        data = new OptRecordData(options.DrainToImmutable());
        return DnsFormatError.None;
    }
}
