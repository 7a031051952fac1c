using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Weft.Datapath.Linux.Netlink;

namespace Weft.Flows.Tests.Netlink;

/// <summary>
/// A small netlink encoder used only by tests to build kernel-shaped messages: nlmsghdr (host order),
/// nfgenmsg, and attributes padded to 4 bytes, nested where the kernel nests them.
/// </summary>
internal sealed class NetlinkTestEncoder
{
    private readonly List<byte> _bytes = [];

    public static byte[] Message(ushort type, ushort flags, byte family, ushort resourceId, Action<NetlinkTestEncoder> attributes)
    {
        var body = new NetlinkTestEncoder();
        body._bytes.Add(family);
        body._bytes.Add(0);
        body._bytes.Add((byte)(resourceId >> 8));
        body._bytes.Add((byte)resourceId);
        attributes(body);
        var message = new byte[16 + body._bytes.Count];
        MemoryMarshal.Write(message, (uint)message.Length);
        MemoryMarshal.Write(message.AsSpan(4), type);
        MemoryMarshal.Write(message.AsSpan(6), flags);
        body._bytes.CopyTo(message, 16);
        return message;
    }

    public NetlinkTestEncoder Bytes(ushort type, ReadOnlySpan<byte> value)
    {
        var length = (ushort)(4 + value.Length);
        Span<byte> header = stackalloc byte[4];
        MemoryMarshal.Write(header, length);
        MemoryMarshal.Write(header[2..], type);
        _bytes.AddRange(header);
        _bytes.AddRange(value);
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }

        return this;
    }

    public NetlinkTestEncoder U8(ushort type, byte value) => Bytes(type, [value]);

    public NetlinkTestEncoder U16(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(v, value);
        return Bytes(type, v);
    }

    public NetlinkTestEncoder U32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        return Bytes(type, v);
    }

    public NetlinkTestEncoder U64(ushort type, ulong value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        return Bytes(type, v);
    }

    public NetlinkTestEncoder String(ushort type, string value) => Bytes(type, Encoding.UTF8.GetBytes(value + "\0"));

    public NetlinkTestEncoder Address(ushort type, IPAddress address) => Bytes(type, address.GetAddressBytes());

    public NetlinkTestEncoder Nested(ushort type, Action<NetlinkTestEncoder> inner)
    {
        var nested = new NetlinkTestEncoder();
        inner(nested);
        return Bytes((ushort)(type | 0x8000), nested._bytes.ToArray());
    }

    /// <summary>A ctnetlink event message as the kernel multicasts it.</summary>
    public static byte[] Conntrack(ConntrackEvent e)
    {
        var (messageType, flags) = e.Type switch
        {
            ConntrackEventType.New => ((ushort)0x0100, (ushort)(0x400 | 0x200)),
            ConntrackEventType.Update => ((ushort)0x0100, (ushort)0),
            _ => ((ushort)0x0102, (ushort)0),
        };
        var family = e.Original.Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? (byte)2 : (byte)10;
        return Message(messageType, flags, family, 0, a =>
        {
            a.Nested(1, t => Tuple(t, e.Original));
            if (e.Reply is { } reply)
            {
                a.Nested(2, t => Tuple(t, reply));
            }

            a.U32(3, e.Status);
            a.U32(8, e.Mark);
            if (e.Id is { } id)
            {
                a.U32(12, id);
            }

            if (e.Zone != 0)
            {
                a.U16(18, e.Zone);
            }

            if (e.CountersOriginal is { } co)
            {
                a.Nested(9, c => c.U64(1, co.Packets).U64(2, co.Bytes));
            }

            if (e.CountersReply is { } cr)
            {
                a.Nested(10, c => c.U64(1, cr.Packets).U64(2, cr.Bytes));
            }

            if (e.Start is not null || e.Stop is not null)
            {
                a.Nested(20, ts =>
                {
                    if (e.Start is { } start)
                    {
                        ts.U64(1, (ulong)(start - DateTimeOffset.UnixEpoch).Ticks * 100);
                    }

                    if (e.Stop is { } stop)
                    {
                        ts.U64(2, (ulong)(stop - DateTimeOffset.UnixEpoch).Ticks * 100);
                    }
                });
            }
        });
    }

    private static void Tuple(NetlinkTestEncoder t, ConntrackTuple tuple)
    {
        var v4 = tuple.Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        t.Nested(1, ip => ip.Address(v4 ? (ushort)1 : (ushort)3, tuple.Source).Address(v4 ? (ushort)2 : (ushort)4, tuple.Destination));
        t.Nested(2, p =>
        {
            p.U8(1, tuple.Protocol);
            if (tuple.IcmpType is { } type)
            {
                p.U16(v4 ? (ushort)4 : (ushort)7, tuple.IcmpId ?? 0).U8(v4 ? (ushort)5 : (ushort)8, type).U8(v4 ? (ushort)6 : (ushort)9, tuple.IcmpCode ?? 0);
            }
            else
            {
                p.U16(2, tuple.SourcePort).U16(3, tuple.DestinationPort);
            }
        });
    }
}
