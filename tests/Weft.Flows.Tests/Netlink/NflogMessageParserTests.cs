using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Netlink;

namespace Weft.Flows.Tests.Netlink;

public sealed class NflogMessageParserTests
{
    /// <summary>An NFULNL_MSG_PACKET for group 5 written out by hand (x86-64 host order for nlmsghdr and nla headers).</summary>
    private static readonly byte[] HandWrittenUdpPacket =
    [
        0x5c, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, // nlmsghdr: len 92, type ULOG<<8|PACKET, flags 0
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //           seq 0, pid 0
        0x02, 0x00, 0x00, 0x05,                         // nfgenmsg: AF_INET, v0, res_id 5 (big-endian)
        0x08, 0x00, 0x01, 0x00, 0x08, 0x00, 0x01, 0x00, // NFULA_PACKET_HDR: ETH_P_IP, hook 1 (input)
        0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x2a, // NFULA_MARK 42
        0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x03, // NFULA_IFINDEX_INDEV 3
        0x0d, 0x00, 0x0a, 0x00, (byte)'w', (byte)'e', (byte)'f', (byte)'t', // NFULA_PREFIX, 9 bytes + 3 padding
        (byte)':', (byte)'D', (byte)':', (byte)'7', 0x00, 0x00, 0x00, 0x00,
        0x20, 0x00, 0x09, 0x00,                         // NFULA_PAYLOAD, 28 bytes: IPv4 + UDP header
        0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
        0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, // 10.0.0.1 -> 10.0.0.2
        0x13, 0x88, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00, // 5000 -> 53
    ];

    private static NflogPacket ParseOne(byte[] datagram)
    {
        ReadOnlySpan<byte> rest = datagram;
        NetlinkMessageReader.TryRead(ref rest, out var header, out var payload).ShouldBeTrue();
        NflogMessageParser.TryParse(header, payload, out var packet).ShouldBeTrue();
        return packet!;
    }

    [Fact]
    public void Parse_HandWrittenFixture_ReadsPrefixMetadataAndHeaders()
    {
        BitConverter.IsLittleEndian.ShouldBeTrue("the fixture spells host-order fields little-endian");
        var packet = ParseOne(HandWrittenUdpPacket);

        packet.Group.ShouldBe((ushort)5);
        packet.Prefix.ShouldBe("weft:D:7");
        packet.HardwareProtocol.ShouldBe((ushort)0x0800);
        packet.Hook.ShouldBe((byte)1);
        packet.Mark.ShouldBe(42u);
        packet.InputInterface.ShouldBe(3u);
        packet.OutputInterface.ShouldBeNull();
        packet.PayloadLength.ShouldBe(28);
        packet.Headers.ShouldBe(new PacketHeaders
        {
            Source = IPAddress.Parse("10.0.0.1"), Destination = IPAddress.Parse("10.0.0.2"), Protocol = 17,
            SourcePort = 5000, DestinationPort = 53, Length = 28,
        });
    }

    [Fact]
    public void Parse_TimestampAttribute_IsWallClock()
    {
        var ts = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(ts, 1_795_000_000);
        BinaryPrimitives.WriteInt64BigEndian(ts.AsSpan(8), 250_000);
        var bytes = NetlinkTestEncoder.Message(0x0400, 0, 2, 1, a => a.Bytes(3, ts).String(10, "x"));
        ParseOne(bytes).Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1_795_000_000).AddMilliseconds(250));
    }

    [Fact]
    public void Parse_Ipv6TcpSynBehindExtensionHeader_ReadsPortsAndFlags()
    {
        var packet = new byte[40 + 8 + 20];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 28);
        packet[6] = 0; // hop-by-hop options header follows
        IPAddress.Parse("fd00::1").GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse("fd00::2").GetAddressBytes().CopyTo(packet, 24);
        packet[40] = 6; // next: TCP
        packet[41] = 0; // 8 bytes long
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(48), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(50), 443);
        packet[48 + 13] = 0x02;
        var bytes = NetlinkTestEncoder.Message(0x0400, 0, 10, 9, a => a.String(10, "weft:A:12").Bytes(9, packet));

        var parsed = ParseOne(bytes);
        parsed.Prefix.ShouldBe("weft:A:12");
        parsed.Headers!.Source.ShouldBe(IPAddress.Parse("fd00::1"));
        parsed.Headers.Protocol.ShouldBe((byte)6);
        parsed.Headers.SourcePort.ShouldBe((ushort)40000);
        parsed.Headers.DestinationPort.ShouldBe((ushort)443);
        parsed.Headers.TcpFlags.ShouldBe((byte)0x02);
        parsed.Headers.Length.ShouldBe(68);
    }

    [Fact]
    public void PacketHeaders_NonFirstIpv4Fragment_HasNoPorts()
    {
        byte[] packet = [0x45, 0, 0, 28, 0, 1, 0x00, 0x10, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x13, 0x88, 0, 53, 0, 8, 0, 0];
        PacketHeaderParser.TryParse(packet, out var headers).ShouldBeTrue();
        headers!.SourcePort.ShouldBe((ushort)0);
        headers.DestinationPort.ShouldBe((ushort)0);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x45, 0, 0 })]
    [InlineData(new byte[] { 0x15, 0, 0, 0 })]
    public void PacketHeaders_NotAnIpPacket_IsRejected(byte[] packet) =>
        PacketHeaderParser.TryParse(packet, out _).ShouldBeFalse();

    [Fact]
    public void Parse_ConfigMessage_IsNotAPacket()
    {
        ReadOnlySpan<byte> rest = NflogConfigMessages.Command(1, 5, 0, 1);
        NetlinkMessageReader.TryRead(ref rest, out var header, out var payload).ShouldBeTrue();
        NflogMessageParser.TryParse(header, payload, out _).ShouldBeFalse();
    }

    [Fact]
    public void ConfigBind_Encoding_IsRequestWithAckForTheGroup()
    {
        var message = NflogConfigMessages.Command(NflogConstants.CmdBind, 0x1234, 0, 77);
        message.Length.ShouldBe(28);
        MemoryMarshal.Read<uint>(message).ShouldBe(28u);
        MemoryMarshal.Read<ushort>(message.AsSpan(4)).ShouldBe((ushort)0x0401);
        MemoryMarshal.Read<ushort>(message.AsSpan(6)).ShouldBe((ushort)(0x1 | 0x4));
        MemoryMarshal.Read<uint>(message.AsSpan(8)).ShouldBe(77u);
        message[18..20].ShouldBe(new byte[] { 0x12, 0x34 });
        message[20..25].ShouldBe(new byte[] { 5, 0, 1, 0, NflogConstants.CmdBind });
    }

    [Fact]
    public void ConfigCopyPacket_Encoding_IsPackedModeStruct()
    {
        var message = NflogConfigMessages.CopyPacket(5, 128, 2);
        var attribute = message.AsSpan(20);
        MemoryMarshal.Read<ushort>(attribute).ShouldBe((ushort)10);
        MemoryMarshal.Read<ushort>(attribute[2..]).ShouldBe(NflogConstants.CfgMode);
        attribute[4..10].ToArray().ShouldBe(new byte[] { 0, 0, 0, 128, NflogConstants.CopyPacket, 0 });
        message.Length.ShouldBe(32);
    }

    [Fact]
    public void ConfigSetting_Encoding_IsBigEndianU32()
    {
        var message = NflogConfigMessages.Setting(5, NflogConstants.CfgTimeout, 10, 3);
        message.Length.ShouldBe(28);
        MemoryMarshal.Read<ushort>(message.AsSpan(22)).ShouldBe(NflogConstants.CfgTimeout);
        message[24..28].ShouldBe(new byte[] { 0, 0, 0, 10 });
    }

    [Fact]
    public void AttributeReader_LengthBeyondBuffer_StopsAndReportsMalformed()
    {
        byte[] attributes = [8, 0, 2, 0, 0, 0, 0, 1, 40, 0, 3, 0, 1, 2];
        var reader = new NetlinkAttributeReader(attributes);
        reader.TryRead(out var first).ShouldBeTrue();
        first.Type.ShouldBe((ushort)2);
        reader.TryRead(out _).ShouldBeFalse();
        reader.Malformed.ShouldBeTrue();
    }
}
