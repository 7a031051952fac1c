using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>One netlink attribute (struct nlattr + value). Netfilter writes numbers big-endian (network order).</summary>
internal readonly ref struct NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> value)
{
    public ushort Type { get; } = (ushort)(rawType & NetlinkConstants.AttributeTypeMask);

    public bool IsNested { get; } = (rawType & NetlinkConstants.AttributeNested) != 0;

    public ReadOnlySpan<byte> Value { get; } = value;

    public NetlinkAttributeReader Nested => new(Value);

    public bool TryU8(out byte value)
    {
        value = Value.Length >= 1 ? Value[0] : (byte)0;
        return Value.Length >= 1;
    }

    public bool TryBigEndianU16(out ushort value)
    {
        if (Value.Length < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(Value);
        return true;
    }

    public bool TryBigEndianU32(out uint value)
    {
        if (Value.Length < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(Value);
        return true;
    }

    public bool TryBigEndianU64(out ulong value)
    {
        if (Value.Length < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(Value);
        return true;
    }

    /// <summary>A host-order u32 (a few generic netlink attributes are not in network order).</summary>
    public uint HostU32 => Value.Length >= 4 ? MemoryMarshal.Read<uint>(Value) : 0;

    public bool TryAddress(int length, out IPAddress? address)
    {
        address = Value.Length == length ? new IPAddress(Value) : null;
        return address is not null;
    }

    /// <summary>A NUL-terminated string; the terminator and anything after it are dropped.</summary>
    public string AsString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
    }
}
