using Weft.Policy.Evaluation;

namespace Weft.Datapath.Policy;

/// <summary>
/// The rule behind an NFLOG rule id (docs/flows.md, "NFLOG prefix scheme"): the flow enricher maps
/// <c>weft:D:&lt;id&gt;</c> back to it. <see cref="Action"/> is the engine's (Allow, Deny, Pass) or
/// <c>DefaultDeny</c> (isolated, no rule allows; <see cref="Policy"/> names an isolating policy) or
/// <c>FailClosed</c> (the pod's policy could not be programmed).
/// </summary>
public sealed record PolicyRuleDescriptor(uint Id, PolicyTier Tier, string Policy, TrafficDirection Direction, int? RuleIndex, string? RuleName, string Action)
{
    /// <summary>Rule id 0: the pod's policy could not be computed, so the datapath drops its traffic.</summary>
    public const uint FailClosedId = 0;

    public static PolicyRuleDescriptor FailClosed(TrafficDirection direction) =>
        new(FailClosedId, PolicyTier.Default, "", direction, null, null, "FailClosed");

    /// <summary>
    /// A stable id (FNV-1a of the rule's identity) so an unchanged rule keeps its chain across syncs and restarts;
    /// 0 is reserved for <see cref="FailClosedId"/>.
    /// </summary>
    public static uint IdOf(PolicyTier tier, string policy, TrafficDirection direction, int? ruleIndex, string action)
    {
        var text = $"{tier}|{policy}|{direction}|{ruleIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}|{action}";
        var hash = StableId.Of(text);
        return hash == FailClosedId ? 1 : hash;
    }
}
