namespace Weft.Datapath.Linux.Netlink;

/// <summary>One packet logged to an NFLOG group: the rule's prefix, metadata and the packet's headers.</summary>
public sealed record NflogPacket
{
    /// <summary>The NFLOG group (nfgenmsg res_id).</summary>
    public required ushort Group { get; init; }

    /// <summary>The log prefix of the rule that logged the packet; empty when the rule set none.</summary>
    public required string Prefix { get; init; }

    /// <summary>Layer 3 protocol (ETH_P_IP 0x0800, ETH_P_IPV6 0x86DD) from NFULA_PACKET_HDR.</summary>
    public ushort HardwareProtocol { get; init; }

    /// <summary>The netfilter hook (0 prerouting, 1 input, 2 forward, 3 output, 4 postrouting).</summary>
    public byte Hook { get; init; }

    public uint? Mark { get; init; }

    public uint? InputInterface { get; init; }

    public uint? OutputInterface { get; init; }

    /// <summary>The kernel's packet timestamp when it had one.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Decoded headers of the copied payload; null when no payload was copied or it was not IP.</summary>
    public PacketHeaders? Headers { get; init; }

    /// <summary>How many payload bytes the kernel copied (bounded by the group's copy range).</summary>
    public int PayloadLength { get; init; }
}
