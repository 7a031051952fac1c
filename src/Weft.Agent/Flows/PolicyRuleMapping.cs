using Weft.Datapath.Policy;
using Weft.Flows;

namespace Weft.Agent.Flows;

/// <summary>
/// Turns the policy datapath's NFLOG rule table (rule id → <see cref="PolicyRuleDescriptor"/>) into the flow
/// pipeline's <see cref="PolicyRuleRef"/>s, so a DROPPED or AUDIT flow names the rule that decided it.
/// </summary>
public static class PolicyRuleMapping
{
    public static IReadOnlyDictionary<uint, PolicyRuleRef> Map(IReadOnlyDictionary<uint, PolicyRuleDescriptor> rules)
    {
        var map = new Dictionary<uint, PolicyRuleRef>(rules.Count);
        foreach (var (id, rule) in rules)
        {
            map[id] = new PolicyRuleRef
            {
                Tier = rule.Tier switch
                {
                    Weft.Policy.Evaluation.PolicyTier.AdminNetworkPolicy => PolicyTier.AdminNetworkPolicy,
                    Weft.Policy.Evaluation.PolicyTier.NetworkPolicy => PolicyTier.NetworkPolicy,
                    Weft.Policy.Evaluation.PolicyTier.BaselineAdminNetworkPolicy => PolicyTier.BaselineAdminNetworkPolicy,
                    _ => PolicyTier.Default,
                },
                PolicyKey = rule.Policy,
                Direction = rule.Direction == Weft.Policy.Evaluation.TrafficDirection.Ingress ? FlowDirection.Ingress : FlowDirection.Egress,
                RuleIndex = rule.RuleIndex,
                RuleName = rule.RuleName,

                // Fail-closed (a pod whose policy could not be planned) is a deny by no rule of any policy.
                Action = Enum.TryParse<RuleAction>(rule.Action, ignoreCase: true, out var action) ? action : RuleAction.Deny,
            };
        }

        return map;
    }
}
