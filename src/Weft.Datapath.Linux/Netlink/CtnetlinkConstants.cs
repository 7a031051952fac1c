namespace Weft.Datapath.Linux.Netlink;

/// <summary>ctnetlink message types and attributes (linux/netfilter/nfnetlink_conntrack.h).</summary>
internal static class CtnetlinkConstants
{
    public const byte MsgNew = 0;
    public const byte MsgGet = 1;
    public const byte MsgDelete = 2;

    public const ushort TupleOrig = 1;
    public const ushort TupleReply = 2;
    public const ushort Status = 3;
    public const ushort ProtoInfo = 4;
    public const ushort Timeout = 7;
    public const ushort Mark = 8;
    public const ushort CountersOrig = 9;
    public const ushort CountersReply = 10;
    public const ushort Use = 11;
    public const ushort Id = 12;
    public const ushort Zone = 18;
    public const ushort Timestamp = 20;

    public const ushort TupleIp = 1;
    public const ushort TupleProto = 2;
    public const ushort TupleZone = 3;

    public const ushort IpV4Src = 1;
    public const ushort IpV4Dst = 2;
    public const ushort IpV6Src = 3;
    public const ushort IpV6Dst = 4;

    public const ushort ProtoNum = 1;
    public const ushort ProtoSrcPort = 2;
    public const ushort ProtoDstPort = 3;
    public const ushort ProtoIcmpId = 4;
    public const ushort ProtoIcmpType = 5;
    public const ushort ProtoIcmpCode = 6;
    public const ushort ProtoIcmpv6Id = 7;
    public const ushort ProtoIcmpv6Type = 8;
    public const ushort ProtoIcmpv6Code = 9;

    public const ushort CountersPackets = 1;
    public const ushort CountersBytes = 2;
    public const ushort CountersPackets32 = 3;
    public const ushort CountersBytes32 = 4;

    public const ushort TimestampStart = 1;
    public const ushort TimestampStop = 2;
}
