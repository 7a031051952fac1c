namespace Weft.Flows;

/// <summary>The rule that decided a verdict, as the policy engine names it.</summary>
public sealed record PolicyRuleRef
{
    public required PolicyTier Tier { get; init; }

    /// <summary><c>namespace/name</c> for NetworkPolicy, <c>name</c> for the cluster-scoped tiers.</summary>
    public required string PolicyKey { get; init; }

    public required FlowDirection Direction { get; init; }

    /// <summary>Zero-based index of the rule in its ingress or egress list; null for <see cref="RuleAction.DefaultDeny"/>.</summary>
    public int? RuleIndex { get; init; }

    /// <summary>The rule's name (AdminNetworkPolicy rules have one); null otherwise.</summary>
    public string? RuleName { get; init; }

    public required RuleAction Action { get; init; }
}
