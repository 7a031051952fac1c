using System.Buffers.Binary;
using System.Text;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Builds one rtnetlink request: nlmsghdr, a fixed family header, then (nested) attributes, each padded to 4
/// bytes as netlink(7) requires. Lengths of the message and of nests are patched in when they close.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    private readonly List<byte> _bytes = new(256);

    public NetlinkMessageWriter(ushort type, ushort flags, uint sequence)
    {
        WriteUInt32(0); // nlmsg_len, patched by ToArray
        WriteUInt16(type);
        WriteUInt16(flags);
        WriteUInt32(sequence);
        WriteUInt32(0); // nlmsg_pid: the kernel
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }
    }

    public void WriteZeros(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _bytes.Add(0);
        }
    }

    public void WriteUInt8(byte value) => _bytes.Add(value);

    public void WriteUInt16(ushort value)
    {
        Span<byte> span = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        WriteBytes(span);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> span = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        WriteBytes(span);
    }

    public void Attribute(ushort type, ReadOnlySpan<byte> payload)
    {
        WriteUInt16((ushort)(4 + payload.Length));
        WriteUInt16(type);
        WriteBytes(payload);
        Pad();
    }

    public void AttributeUInt32(ushort type, uint value)
    {
        Span<byte> span = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        Attribute(type, span);
    }

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND).</summary>
    public void AttributeString(ushort type, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value + "\0");
        Attribute(type, bytes);
    }

    /// <summary>Opens a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _bytes.Count;
        WriteUInt16(0);
        WriteUInt16(type);
        return start;
    }

    public void EndNested(int start)
    {
        var length = (ushort)(_bytes.Count - start);
        _bytes[start] = (byte)(length & 0xFF);
        _bytes[start + 1] = (byte)(length >> 8);
        Pad();
    }

    public byte[] ToArray()
    {
        var array = _bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(array, (uint)array.Length);
        return array;
    }

    private void Pad()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }
}
