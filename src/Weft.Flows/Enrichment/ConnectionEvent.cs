namespace Weft.Flows.Enrichment;

/// <summary>
/// A conntrack event, kernel-neutral: what the agent's netlink reader turns each NEW or DESTROY message into.
/// <see cref="Reply"/> differs from the swapped <see cref="Original"/> when the datapath translated addresses
/// (DNAT to a service backend, SNAT).
/// </summary>
public sealed record ConnectionEvent
{
    public required ConnectionEventKind Kind { get; init; }

    public required FlowTuple Original { get; init; }

    public FlowTuple? Reply { get; init; }

    public uint Mark { get; init; }

    /// <summary>The kernel's connection id (CTA_ID); null when absent.</summary>
    public uint? Id { get; init; }

    public ushort Zone { get; init; }

    /// <summary>Set when net.netfilter.nf_conntrack_acct=1.</summary>
    public FlowCounters? Counters { get; init; }

    /// <summary>Set when net.netfilter.nf_conntrack_timestamp=1.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <inheritdoc cref="Start"/>
    public DateTimeOffset? Stop { get; init; }
}
