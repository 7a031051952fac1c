namespace Weft.Flows.Enrichment;

public enum ConnectionEventKind
{
    /// <summary>conntrack NEW: the connection was confirmed (its first packet passed every hook).</summary>
    New,

    /// <summary>conntrack DESTROY: the entry expired or was closed; counters are final.</summary>
    Destroy,
}
