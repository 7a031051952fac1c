namespace Weft.Flows.Enrichment;

/// <summary>A packet logged by an NFLOG rule, kernel-neutral: the rule's prefix and the packet's headers.</summary>
public sealed record PacketLogEvent
{
    /// <summary>The log prefix; Weft's rules write <see cref="NflogPrefix"/> strings.</summary>
    public required string Prefix { get; init; }

    /// <summary>Addresses, protocol and ports from the copied packet headers; null when they could not be read.</summary>
    public FlowTuple? Packet { get; init; }

    public uint? Mark { get; init; }

    public int? InputInterface { get; init; }

    public int? OutputInterface { get; init; }

    /// <summary>The kernel's timestamp of the packet when the log carried one.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public byte? TcpFlags { get; init; }
}
