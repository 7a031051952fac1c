using System.Net;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>CTA_TUPLE_ORIG or CTA_TUPLE_REPLY: addresses, IP protocol number and ports (or ICMP type/code/id).</summary>
public sealed record ConntrackTuple
{
    public required IPAddress Source { get; init; }

    public required IPAddress Destination { get; init; }

    public required byte Protocol { get; init; }

    public ushort SourcePort { get; init; }

    public ushort DestinationPort { get; init; }

    /// <summary>For ICMP/ICMPv6 tuples: type, code and echo id; null otherwise.</summary>
    public byte? IcmpType { get; init; }

    public byte? IcmpCode { get; init; }

    public ushort? IcmpId { get; init; }
}
