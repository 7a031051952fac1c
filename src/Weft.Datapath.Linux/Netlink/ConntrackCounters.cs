namespace Weft.Datapath.Linux.Netlink;

/// <summary>CTA_COUNTERS_ORIG/REPLY: packets and bytes of one direction.</summary>
public sealed record ConntrackCounters(ulong Packets, ulong Bytes);
