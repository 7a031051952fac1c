namespace Weft.Datapath.Policy;

/// <summary>What the datapath does with a connection's first packet in one direction, and the rule that decided.</summary>
public sealed record PolicyDecision(PolicyAction Action, uint RuleId)
{
    public static PolicyDecision Allow { get; } = new(PolicyAction.Allow, 0);

    public override string ToString() => Action == PolicyAction.Allow ? "allow" : $"{Action.ToString().ToLowerInvariant()}:{RuleId}";
}
