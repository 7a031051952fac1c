namespace Weft.Flows;

/// <summary>What the deciding rule does.</summary>
public enum RuleAction
{
    Allow,
    Deny,
    Pass,

    /// <summary>
    /// NetworkPolicy isolation: the pod is selected by policies for this direction and no rule allowed the flow.
    /// No single rule "matched"; the reference names one of the isolating policies.
    /// </summary>
    DefaultDeny,
}
