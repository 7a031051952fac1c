namespace Weft.Flows;

/// <summary>What happened to a flow. AUDIT means a policy in audit mode would have dropped it; it was allowed.</summary>
public enum FlowVerdict
{
    Forwarded,
    Dropped,
    Audit,
}
