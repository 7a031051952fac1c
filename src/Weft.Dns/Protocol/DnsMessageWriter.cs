using System.Net.Sockets;

namespace Weft.Dns.Protocol;

/// <summary>
/// Writes a <see cref="DnsMessage"/> in wire form, cutting it at a record boundary when it exceeds a size limit:
/// dropping only additional records leaves TC clear, dropping answer or authority records sets TC (RFC 2181 §9).
/// The OPT record always survives a cut (RFC 6891 §7).
/// </summary>
public static class DnsMessageWriter
{
    public const int HeaderLength = 12;

    /// <summary>The largest message TCP can carry (two-octet length prefix, RFC 1035 §4.2.2).</summary>
    public const int MaxMessageLength = 65535;

    private const int CompressionTableSize = 512;

    /// <summary>Writes <paramref name="message"/> into <paramref name="buffer"/>, at most <paramref name="sizeLimit"/> bytes.</summary>
    /// <returns>The bytes written and whether the message was truncated; Error is set (and Length 0) for bad content.</returns>
    public static DnsWriteResult Write(DnsMessage message, Span<byte> buffer, int sizeLimit)
    {
        if (buffer.Length > MaxMessageLength)
        {
            buffer = buffer[..MaxMessageLength];
        }

        sizeLimit = Math.Min(sizeLimit, buffer.Length);
        var writer = new DnsWireWriter(buffer, stackalloc ushort[CompressionTableSize]);
        if (!writer.TryWriteUInt16(message.Id) || !writer.TryWriteUInt16(message.Flags) || !writer.TryWriteUInt16(0)
            || !writer.TryWriteUInt16(0) || !writer.TryWriteUInt16(0) || !writer.TryWriteUInt16(0))
        {
            return new DnsWriteResult(0, false, DnsFormatError.Truncated);
        }

        foreach (var question in message.Questions)
        {
            if (!writer.TryWriteName(question.Name, compress: true, out var nameError)
                || !writer.TryWriteUInt16((ushort)question.Type) || !writer.TryWriteUInt16((ushort)question.Class))
            {
                return new DnsWriteResult(0, false, nameError == DnsFormatError.None ? DnsFormatError.Truncated : nameError);
            }
        }

        writer.PatchUInt16(4, (ushort)message.Questions.Length);
        var questionsEnd = writer.Position;
        if (questionsEnd > sizeLimit)
        {
            return new DnsWriteResult(0, false, DnsFormatError.Truncated);
        }

        // Records in wire order: answers, authorities, the OPT record, the other additionals.
        var optAt = -1;
        for (var i = 0; i < message.Additionals.Length && optAt < 0; i++)
        {
            optAt = message.Additionals[i].Type == DnsType.OPT ? i : -1;
        }

        var opt = optAt >= 0 ? message.Additionals[optAt] : null;
        var primary = message.Answers.Length + message.Authorities.Length;
        var total = primary + message.Additionals.Length;
        Span<int> ends = total <= 128 ? stackalloc int[total] : new int[total];
        var written = 0;
        var full = false;
        var optIndex = -1;
        for (var i = 0; i < total; i++)
        {
            DnsResourceRecord record;
            if (i < message.Answers.Length)
            {
                record = message.Answers[i];
            }
            else if (i < primary)
            {
                record = message.Authorities[i - message.Answers.Length];
            }
            else if (opt is not null)
            {
                // The OPT record first, then the other additionals in order, skipping the OPT's own slot.
                var k = i - primary;
                record = k == 0 ? opt : message.Additionals[k - 1 < optAt ? k - 1 : k];
            }
            else
            {
                record = message.Additionals[i - primary];
            }

            if (record == opt && optIndex < 0)
            {
                optIndex = written;
            }

            if (!TryWriteRecord(ref writer, record, out var error))
            {
                if (error != DnsFormatError.None)
                {
                    return new DnsWriteResult(0, false, error);
                }

                full = true;
                break;
            }

            ends[written++] = writer.Position;
        }

        if (!full && writer.Position <= sizeLimit)
        {
            PatchCounts(ref writer, message.Answers.Length, message.Authorities.Length, total - message.Answers.Length - message.Authorities.Length);
            return new DnsWriteResult(writer.Position, false, DnsFormatError.None);
        }

        return Cut(ref writer, message, opt, ends[..written], optIndex, questionsEnd, sizeLimit);
    }

    private static DnsWriteResult Cut(
        ref DnsWireWriter writer,
        DnsMessage message,
        DnsResourceRecord? opt,
        ReadOnlySpan<int> ends,
        int optIndex,
        int questionsEnd,
        int sizeLimit)
    {
        // The OPT record is the root name (one zero octet) plus ten fixed octets plus its options.
        var optLength = 0;
        if (opt is not null)
        {
            optLength = 11;
            foreach (var option in ((OptRecordData)opt.Data).Options)
            {
                optLength += 4 + option.Data.Length;
            }
        }

        var kept = 0;
        for (var i = 0; i < ends.Length; i++)
        {
            var keepsOpt = optIndex >= 0 && i >= optIndex;
            if (ends[i] + (keepsOpt ? 0 : optLength) > sizeLimit)
            {
                break;
            }

            kept = i + 1;
        }

        var optKept = optIndex >= 0 && kept > optIndex;
        writer.Rewind(kept == 0 ? questionsEnd : ends[kept - 1]);
        if ((opt is not null && !optKept && !TryWriteRecord(ref writer, opt, out _)) || writer.Position > sizeLimit)
        {
            // Not even the header, the questions and the OPT record fit.
            return new DnsWriteResult(0, false, DnsFormatError.Truncated);
        }

        var primary = message.Answers.Length + message.Authorities.Length;
        var answers = Math.Min(kept, message.Answers.Length);
        var authorities = Math.Min(Math.Max(kept - message.Answers.Length, 0), message.Authorities.Length);
        var additional = Math.Max(kept - primary, 0) + (opt is not null && !optKept ? 1 : 0);
        PatchCounts(ref writer, answers, authorities, additional);
        var truncated = kept < primary;
        if (truncated)
        {
            writer.Buffer[2] |= 0x02;
        }

        return new DnsWriteResult(writer.Position, truncated, DnsFormatError.None);
    }

    private static void PatchCounts(ref DnsWireWriter writer, int answers, int authorities, int additionals)
    {
        writer.PatchUInt16(6, (ushort)answers);
        writer.PatchUInt16(8, (ushort)authorities);
        writer.PatchUInt16(10, (ushort)additionals);
    }

    /// <summary>Writes one record; false with Error None means the buffer is full.</summary>
    private static bool TryWriteRecord(ref DnsWireWriter writer, DnsResourceRecord record, out DnsFormatError error)
    {
        if (!writer.TryWriteName(record.Name, compress: true, out error)
            || !writer.TryWriteUInt16((ushort)record.Type) || !writer.TryWriteUInt16((ushort)record.Class)
            || !writer.TryWriteUInt32(record.Ttl) || !writer.TryWriteUInt16(0))
        {
            return false;
        }

        var dataStart = writer.Position;
        if (!TryWriteData(ref writer, record.Data, out error))
        {
            return false;
        }

        var dataLength = writer.Position - dataStart;
        writer.PatchUInt16(dataStart - 2, (ushort)dataLength);
        return true;
    }

    private static bool TryWriteData(ref DnsWireWriter writer, DnsRecordData data, out DnsFormatError error)
    {
        error = DnsFormatError.None;
        switch (data)
        {
            case AddressRecordData address:
                Span<byte> bytes = stackalloc byte[16];
                address.Address.TryWriteBytes(bytes, out var n);
                return writer.TryWriteBytes(bytes[..(address.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : n)]);
            case NameRecordData name:
                // CNAME, NS and PTR are RFC 1035 types, so their names may be compressed (RFC 3597 §4).
                return writer.TryWriteName(name.Target, compress: true, out error);
            case SoaRecordData soa:
                return writer.TryWriteName(soa.PrimaryServer, compress: true, out error)
                    && writer.TryWriteName(soa.Mailbox, compress: true, out error)
                    && writer.TryWriteUInt32(soa.Serial) && writer.TryWriteUInt32(soa.Refresh)
                    && writer.TryWriteUInt32(soa.Retry) && writer.TryWriteUInt32(soa.Expire)
                    && writer.TryWriteUInt32(soa.Minimum);
            case SrvRecordData srv:
                // RFC 2782: the target must not be compressed.
                return writer.TryWriteUInt16(srv.Priority) && writer.TryWriteUInt16(srv.Weight)
                    && writer.TryWriteUInt16(srv.Port) && writer.TryWriteName(srv.Target, compress: false, out error);
            case TxtRecordData txt:
                foreach (var s in txt.Strings)
                {
                    if (s.Length > 255)
                    {
                        error = DnsFormatError.BadRecordData;
                        return false;
                    }

                    if (!writer.TryWriteByte((byte)s.Length))
                    {
                        return false;
                    }

                    foreach (var c in s)
                    {
                        if (c > 0xFF)
                        {
                            error = DnsFormatError.BadRecordData;
                            return false;
                        }

                        if (!writer.TryWriteByte((byte)c))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case OptRecordData opt:
                foreach (var option in opt.Options)
                {
                    if (!writer.TryWriteUInt16(option.Code) || !writer.TryWriteUInt16((ushort)option.Data.Length)
                        || !writer.TryWriteBytes(option.Data.AsSpan()))
                    {
                        return false;
                    }
                }

                return true;
            case UnknownRecordData unknown:
                return writer.TryWriteBytes(unknown.Data.AsSpan());
            default:
                throw new NotSupportedException($"no writer for {data.GetType().Name}");
        }
    }
}
