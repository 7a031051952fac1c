using System.Net;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>What a copied packet's IP and transport headers say.</summary>
public sealed record PacketHeaders
{
    public required IPAddress Source { get; init; }

    public required IPAddress Destination { get; init; }

    /// <summary>The transport protocol number (after IPv6 extension headers).</summary>
    public required byte Protocol { get; init; }

    /// <summary>Zero when the protocol has no ports or the copy ended before them.</summary>
    public ushort SourcePort { get; init; }

    public ushort DestinationPort { get; init; }

    /// <summary>TCP flags byte (FIN=0x01 … CWR=0x80); null for other protocols.</summary>
    public byte? TcpFlags { get; init; }

    /// <summary>The packet's length according to its IP header.</summary>
    public int Length { get; init; }
}
