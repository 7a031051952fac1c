using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Encodes NFULNL_MSG_CONFIG requests: bind a group, set its copy mode. Each asks for an ACK so that a refused
/// bind (EPERM: another socket owns the group) is reported instead of silently receiving nothing.
/// </summary>
internal static class NflogConfigMessages
{
    private const ushort ConfigType = (NetlinkConstants.SubsystemUlog << 8) | NflogConstants.MsgConfig;

    /// <summary>A command (BIND, UNBIND, PF_BIND, PF_UNBIND) for <paramref name="group"/> and address family.</summary>
    public static byte[] Command(byte command, ushort group, byte family, uint sequence)
    {
        Span<byte> value = [command];
        return Message(family, group, sequence, NflogConstants.CfgCmd, value);
    }

    /// <summary>NFULNL_COPY_PACKET with <paramref name="copyRange"/> bytes of each packet.</summary>
    public static byte[] CopyPacket(ushort group, uint copyRange, uint sequence)
    {
        // struct nfulnl_msg_config_mode { __be32 copy_range; __u8 copy_mode; __u8 _pad; } __packed
        Span<byte> value = stackalloc byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(value, copyRange);
        value[4] = NflogConstants.CopyPacket;
        value[5] = 0;
        return Message(0, group, sequence, NflogConstants.CfgMode, value);
    }

    /// <summary>A big-endian u32 setting: NFULA_CFG_TIMEOUT (1/100 s), NFULA_CFG_QTHRESH (packets), NFULA_CFG_NLBUFSIZ (bytes).</summary>
    public static byte[] Setting(ushort group, ushort attributeType, uint value, uint sequence)
    {
        Span<byte> encoded = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(encoded, value);
        return Message(0, group, sequence, attributeType, encoded);
    }

    private static byte[] Message(byte family, ushort group, uint sequence, ushort attributeType, ReadOnlySpan<byte> value)
    {
        var attributeLength = NetlinkConstants.AttributeHeaderLength + value.Length;
        var length = NetlinkConstants.HeaderLength + NetlinkConstants.NfgenmsgLength + NetlinkConstants.Align(attributeLength);
        var message = new byte[length];
        var span = message.AsSpan();
        MemoryMarshal.Write(span, (uint)length);
        MemoryMarshal.Write(span[4..], ConfigType);
        MemoryMarshal.Write(span[6..], (ushort)(NetlinkConstants.FlagRequest | NetlinkConstants.FlagAck));
        MemoryMarshal.Write(span[8..], sequence);
        MemoryMarshal.Write(span[12..], 0u);
        span[16] = family;
        span[17] = NetlinkConstants.NfnetlinkV0;
        BinaryPrimitives.WriteUInt16BigEndian(span[18..], group);
        MemoryMarshal.Write(span[20..], (ushort)attributeLength);
        MemoryMarshal.Write(span[22..], attributeType);
        value.CopyTo(span[24..]);
        return message;
    }
}
