using System.Buffers.Binary;
using Weft.Datapath.Linux.Netlink;

namespace Weft.Cni.Tests.Unit;

public class NetlinkMessageWriterTests
{
    [Fact]
    public void ToArray_PatchesMessageLengthAndPadsAttributes()
    {
        var writer = new NetlinkMessageWriter(16, 0x605, 7);
        writer.AttributeString(3, "eth0"); // 4 header + 5 bytes "eth0\0" = 9, padded to 12

        var bytes = writer.ToArray();

        bytes.Length.ShouldBe(16 + 12);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes).ShouldBe(28u);
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)).ShouldBe((ushort)16);
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)).ShouldBe((ushort)0x605);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)).ShouldBe(7u);
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16)).ShouldBe((ushort)9, "nla_len excludes padding");
    }

    [Fact]
    public void EndNested_WritesTheNestLengthIncludingChildren()
    {
        var writer = new NetlinkMessageWriter(16, 0, 1);
        var nest = writer.BeginNested(18);
        writer.AttributeUInt32(4, 1500);
        writer.AttributeString(1, "veth");
        writer.EndNested(nest);

        var bytes = writer.ToArray();

        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16)).ShouldBe((ushort)(4 + 8 + 12));
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(18)).ShouldBe((ushort)18);
        bytes.Length.ShouldBe(16 + 24);
    }
}
