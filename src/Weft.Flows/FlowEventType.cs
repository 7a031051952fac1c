namespace Weft.Flows;

/// <summary>Which kernel fact produced the record.</summary>
public enum FlowEventType
{
    /// <summary>A single packet logged by a policy verdict (NFLOG): a drop or an audit.</summary>
    PolicyVerdict,

    /// <summary>A connection entered the conntrack table (conntrack NEW event).</summary>
    ConnectionStart,

    /// <summary>A connection left the conntrack table (conntrack DESTROY event); counters are final.</summary>
    ConnectionEnd,
}
