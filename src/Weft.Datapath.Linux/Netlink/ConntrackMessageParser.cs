using System.Net;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Decodes ctnetlink event messages (nfgenmsg + CTA_* attributes). Pure; unknown attributes are skipped so newer
/// kernels with more attributes parse the same.
/// </summary>
internal static class ConntrackMessageParser
{
    /// <summary>Decodes one message; false when it is not a conntrack event or lacks the original tuple.</summary>
    public static bool TryParse(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, out ConntrackEvent? conntrackEvent)
    {
        conntrackEvent = null;
        if (header.Subsystem != NetlinkConstants.SubsystemCtnetlink || payload.Length < NetlinkConstants.NfgenmsgLength)
        {
            return false;
        }

        ConntrackEventType type;
        switch (header.SubsystemMessage)
        {
            case CtnetlinkConstants.MsgNew:
                type = (header.Flags & NetlinkConstants.FlagCreate) != 0 ? ConntrackEventType.New : ConntrackEventType.Update;
                break;
            case CtnetlinkConstants.MsgDelete:
                type = ConntrackEventType.Destroy;
                break;
            default:
                return false;
        }

        ConntrackTuple? original = null;
        ConntrackTuple? reply = null;
        uint status = 0, mark = 0;
        uint? id = null;
        ushort zone = 0;
        ConntrackCounters? countersOriginal = null, countersReply = null;
        DateTimeOffset? start = null, stop = null;
        var attributes = new NetlinkAttributeReader(payload[NetlinkConstants.NfgenmsgLength..]);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case CtnetlinkConstants.TupleOrig: original = ParseTuple(attribute.Nested); break;
                case CtnetlinkConstants.TupleReply: reply = ParseTuple(attribute.Nested); break;
                case CtnetlinkConstants.Status: attribute.TryBigEndianU32(out status); break;
                case CtnetlinkConstants.Mark: attribute.TryBigEndianU32(out mark); break;
                case CtnetlinkConstants.Id:
                    if (attribute.TryBigEndianU32(out var value))
                    {
                        id = value;
                    }

                    break;
                case CtnetlinkConstants.Zone: attribute.TryBigEndianU16(out zone); break;
                case CtnetlinkConstants.CountersOrig: countersOriginal = ParseCounters(attribute.Nested); break;
                case CtnetlinkConstants.CountersReply: countersReply = ParseCounters(attribute.Nested); break;
                case CtnetlinkConstants.Timestamp: ParseTimestamp(attribute.Nested, out start, out stop); break;
                default: break;
            }
        }

        if (original is null)
        {
            return false;
        }

        conntrackEvent = new ConntrackEvent
        {
            Type = type,
            Original = original,
            Reply = reply,
            Status = status,
            Mark = mark,
            Id = id,
            Zone = zone,
            CountersOriginal = countersOriginal,
            CountersReply = countersReply,
            Start = start,
            Stop = stop,
        };
        return true;
    }

    private static ConntrackTuple? ParseTuple(NetlinkAttributeReader tuple)
    {
        IPAddress? source = null, destination = null;
        byte protocol = 0;
        ushort sourcePort = 0, destinationPort = 0;
        byte? icmpType = null, icmpCode = null;
        ushort? icmpId = null;
        while (tuple.TryRead(out var part))
        {
            switch (part.Type)
            {
                case CtnetlinkConstants.TupleIp:
                    var ip = part.Nested;
                    while (ip.TryRead(out var address))
                    {
                        switch (address.Type)
                        {
                            case CtnetlinkConstants.IpV4Src: address.TryAddress(4, out source); break;
                            case CtnetlinkConstants.IpV4Dst: address.TryAddress(4, out destination); break;
                            case CtnetlinkConstants.IpV6Src: address.TryAddress(16, out source); break;
                            case CtnetlinkConstants.IpV6Dst: address.TryAddress(16, out destination); break;
                            default: break;
                        }
                    }

                    break;
                case CtnetlinkConstants.TupleProto:
                    var proto = part.Nested;
                    while (proto.TryRead(out var field))
                    {
                        switch (field.Type)
                        {
                            case CtnetlinkConstants.ProtoNum: field.TryU8(out protocol); break;
                            case CtnetlinkConstants.ProtoSrcPort: field.TryBigEndianU16(out sourcePort); break;
                            case CtnetlinkConstants.ProtoDstPort: field.TryBigEndianU16(out destinationPort); break;
                            case CtnetlinkConstants.ProtoIcmpType or CtnetlinkConstants.ProtoIcmpv6Type:
                                icmpType = field.TryU8(out var t) ? t : null;
                                break;
                            case CtnetlinkConstants.ProtoIcmpCode or CtnetlinkConstants.ProtoIcmpv6Code:
                                icmpCode = field.TryU8(out var c) ? c : null;
                                break;
                            case CtnetlinkConstants.ProtoIcmpId or CtnetlinkConstants.ProtoIcmpv6Id:
                                icmpId = field.TryBigEndianU16(out var i) ? i : null;
                                break;
                            default: break;
                        }
                    }

                    break;
                default: break;
            }
        }

        return source is null || destination is null
            ? null
            : new ConntrackTuple
            {
                Source = source,
                Destination = destination,
                Protocol = protocol,
                SourcePort = sourcePort,
                DestinationPort = destinationPort,
                IcmpType = icmpType,
                IcmpCode = icmpCode,
                IcmpId = icmpId,
            };
    }

    private static ConntrackCounters? ParseCounters(NetlinkAttributeReader counters)
    {
        ulong? packets = null, bytes = null;
        while (counters.TryRead(out var counter))
        {
            switch (counter.Type)
            {
                case CtnetlinkConstants.CountersPackets when counter.TryBigEndianU64(out var p): packets = p; break;
                case CtnetlinkConstants.CountersBytes when counter.TryBigEndianU64(out var b): bytes = b; break;
                case CtnetlinkConstants.CountersPackets32 when counter.TryBigEndianU32(out var p32): packets ??= p32; break;
                case CtnetlinkConstants.CountersBytes32 when counter.TryBigEndianU32(out var b32): bytes ??= b32; break;
                default: break;
            }
        }

        return packets is null && bytes is null ? null : new ConntrackCounters(packets ?? 0, bytes ?? 0);
    }

    private static void ParseTimestamp(NetlinkAttributeReader timestamp, out DateTimeOffset? start, out DateTimeOffset? stop)
    {
        start = null;
        stop = null;
        while (timestamp.TryRead(out var field))
        {
            // Nanoseconds of the real-time clock (ktime_get_real_ns); 0 means "not yet" for stop.
            if (field.TryBigEndianU64(out var nanoseconds) && nanoseconds != 0)
            {
                var time = DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));
                if (field.Type == CtnetlinkConstants.TimestampStart)
                {
                    start = time;
                }
                else if (field.Type == CtnetlinkConstants.TimestampStop)
                {
                    stop = time;
                }
            }
        }
    }
}
