namespace Weft.Datapath.Linux.Netlink;

/// <summary>Netlink framing constants (linux/netlink.h, linux/netfilter/nfnetlink.h).</summary>
internal static class NetlinkConstants
{
    public const int HeaderLength = 16;
    public const int NfgenmsgLength = 4;
    public const int AttributeHeaderLength = 4;

    public const ushort MsgNoop = 1;
    public const ushort MsgError = 2;
    public const ushort MsgDone = 3;
    public const ushort MsgOverrun = 4;

    public const ushort FlagRequest = 0x1;
    public const ushort FlagMulti = 0x2;
    public const ushort FlagAck = 0x4;
    public const ushort FlagExcl = 0x200;
    public const ushort FlagCreate = 0x400;

    /// <summary>nla_type carries two flags in its top bits; the type is the rest.</summary>
    public const ushort AttributeNested = 0x8000;
    public const ushort AttributeNetByteOrder = 0x4000;
    public const ushort AttributeTypeMask = 0x3FFF;

    public const byte NfnetlinkV0 = 0;
    public const byte SubsystemCtnetlink = 1;
    public const byte SubsystemUlog = 4;

    /// <summary>nfnetlink multicast groups (enum nfnetlink_groups).</summary>
    public const int GroupConntrackNew = 1;
    public const int GroupConntrackUpdate = 2;
    public const int GroupConntrackDestroy = 3;

    /// <summary>NLMSG_ALIGN / NLA_ALIGN: 4 bytes.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
