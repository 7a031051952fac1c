namespace Weft.Datapath.Linux.Netlink;

/// <summary>One ctnetlink event: the connection's tuples and what the kernel attached to it.</summary>
public sealed record ConntrackEvent
{
    public required ConntrackEventType Type { get; init; }

    public required ConntrackTuple Original { get; init; }

    public ConntrackTuple? Reply { get; init; }

    /// <summary>IPS_* status bits (CTA_STATUS); 0 when absent.</summary>
    public uint Status { get; init; }

    public uint Mark { get; init; }

    public uint? Id { get; init; }

    public ushort Zone { get; init; }

    /// <summary>Counters of the original direction; null unless net.netfilter.nf_conntrack_acct=1.</summary>
    public ConntrackCounters? CountersOriginal { get; init; }

    public ConntrackCounters? CountersReply { get; init; }

    /// <summary>Start and stop (wall clock); null unless net.netfilter.nf_conntrack_timestamp=1.</summary>
    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? Stop { get; init; }
}
