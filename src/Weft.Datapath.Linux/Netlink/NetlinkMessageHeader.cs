namespace Weft.Datapath.Linux.Netlink;

/// <summary>struct nlmsghdr, in host byte order as the kernel writes it.</summary>
internal readonly record struct NetlinkMessageHeader(uint Length, ushort Type, ushort Flags, uint Sequence, uint PortId)
{
    /// <summary>nfnetlink packs the subsystem into the high byte of the type.</summary>
    public byte Subsystem => (byte)(Type >> 8);

    /// <summary>The subsystem's own message type, in the low byte.</summary>
    public byte SubsystemMessage => (byte)(Type & 0xFF);
}
