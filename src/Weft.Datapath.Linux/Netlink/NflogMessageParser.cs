using System.Buffers.Binary;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>Decodes NFULNL_MSG_PACKET messages (nfgenmsg + NFULA_* attributes). Pure.</summary>
internal static class NflogMessageParser
{
    public static bool TryParse(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, out NflogPacket? packet)
    {
        packet = null;
        if (header.Subsystem != NetlinkConstants.SubsystemUlog || header.SubsystemMessage != NflogConstants.MsgPacket
            || payload.Length < NetlinkConstants.NfgenmsgLength)
        {
            return false;
        }

        var group = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        var prefix = "";
        ushort hardwareProtocol = 0;
        byte hook = 0;
        uint? mark = null, input = null, output = null;
        DateTimeOffset? timestamp = null;
        PacketHeaders? headers = null;
        var payloadLength = 0;
        var attributes = new NetlinkAttributeReader(payload[NetlinkConstants.NfgenmsgLength..]);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NflogConstants.PacketHdr when attribute.Value.Length >= 4:
                    hardwareProtocol = BinaryPrimitives.ReadUInt16BigEndian(attribute.Value);
                    hook = attribute.Value[2];
                    break;
                case NflogConstants.Prefix: prefix = attribute.AsString(); break;
                case NflogConstants.Mark when attribute.TryBigEndianU32(out var m): mark = m; break;
                case NflogConstants.IfIndexInDev when attribute.TryBigEndianU32(out var i): input = i; break;
                case NflogConstants.IfIndexOutDev when attribute.TryBigEndianU32(out var o): output = o; break;
                case NflogConstants.Timestamp when attribute.Value.Length >= 16:
                    // struct nfulnl_msg_packet_timestamp { __be64 sec; __be64 usec; }
                    var seconds = BinaryPrimitives.ReadInt64BigEndian(attribute.Value);
                    var micros = BinaryPrimitives.ReadInt64BigEndian(attribute.Value[8..]);
                    timestamp = DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(micros * 10);
                    break;
                case NflogConstants.Payload:
                    payloadLength = attribute.Value.Length;
                    headers = PacketHeaderParser.TryParse(attribute.Value, out var parsed) ? parsed : null;
                    break;
                default: break;
            }
        }

        packet = new NflogPacket
        {
            Group = group,
            Prefix = prefix,
            HardwareProtocol = hardwareProtocol,
            Hook = hook,
            Mark = mark,
            InputInterface = input,
            OutputInterface = output,
            Timestamp = timestamp,
            Headers = headers,
            PayloadLength = payloadLength,
        };
        return true;
    }
}
