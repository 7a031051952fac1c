namespace Weft.Datapath.Linux.Netlink;

/// <summary>nfnetlink_log message types, attributes and config commands (linux/netfilter/nfnetlink_log.h).</summary>
internal static class NflogConstants
{
    public const byte MsgPacket = 0;
    public const byte MsgConfig = 1;

    public const ushort PacketHdr = 1;
    public const ushort Mark = 2;
    public const ushort Timestamp = 3;
    public const ushort IfIndexInDev = 4;
    public const ushort IfIndexOutDev = 5;
    public const ushort IfIndexPhysInDev = 6;
    public const ushort IfIndexPhysOutDev = 7;
    public const ushort HwAddr = 8;
    public const ushort Payload = 9;
    public const ushort Prefix = 10;
    public const ushort Uid = 11;
    public const ushort Seq = 12;
    public const ushort SeqGlobal = 13;
    public const ushort Gid = 14;

    public const ushort CfgCmd = 1;
    public const ushort CfgMode = 2;
    public const ushort CfgNlBufSize = 3;
    public const ushort CfgTimeout = 4;
    public const ushort CfgQThreshold = 5;
    public const ushort CfgFlags = 6;

    public const byte CmdNone = 0;
    public const byte CmdBind = 1;
    public const byte CmdUnbind = 2;
    public const byte CmdPfBind = 3;
    public const byte CmdPfUnbind = 4;

    public const byte CopyNone = 0;
    public const byte CopyMeta = 1;
    public const byte CopyPacket = 2;
}
