using Weft.Agent.Flows;
using Weft.Datapath.Policy;
using Weft.Flows;
using Weft.Policy.Evaluation;

namespace Weft.Agent.Tests.Flows;

public sealed class PolicyRuleMappingTests
{
    [Fact]
    public void Map_NetworkPolicyIsolation_NamesThePolicyAndDirectionAsDefaultDeny()
    {
        var id = PolicyRuleDescriptor.IdOf(Weft.Policy.Evaluation.PolicyTier.NetworkPolicy, "data/default-deny", TrafficDirection.Ingress, null, "DefaultDeny");
        var rules = new Dictionary<uint, PolicyRuleDescriptor>
        {
            [id] = new(id, Weft.Policy.Evaluation.PolicyTier.NetworkPolicy, "data/default-deny", TrafficDirection.Ingress, null, null, "DefaultDeny"),
        };

        var rule = PolicyRuleMapping.Map(rules)[id];

        rule.Tier.ShouldBe(Weft.Flows.PolicyTier.NetworkPolicy);
        rule.PolicyKey.ShouldBe("data/default-deny");
        rule.Direction.ShouldBe(FlowDirection.Ingress);
        rule.Action.ShouldBe(RuleAction.DefaultDeny);
        rule.RuleIndex.ShouldBeNull();
    }

    [Fact]
    public void Map_AdminDenyRule_KeepsIndexNameAndAction()
    {
        var rules = new Dictionary<uint, PolicyRuleDescriptor>
        {
            [7] = new(7, Weft.Policy.Evaluation.PolicyTier.AdminNetworkPolicy, "protect-data-tier", TrafficDirection.Egress, 2, "no-db", "Deny"),
        };

        var rule = PolicyRuleMapping.Map(rules)[7];

        rule.Tier.ShouldBe(Weft.Flows.PolicyTier.AdminNetworkPolicy);
        rule.Direction.ShouldBe(FlowDirection.Egress);
        (rule.RuleIndex, rule.RuleName, rule.Action).ShouldBe((2, "no-db", RuleAction.Deny));
    }

    [Fact]
    public void Map_FailClosed_IsADenyInTheDefaultTier()
    {
        var rule = PolicyRuleMapping.Map(new Dictionary<uint, PolicyRuleDescriptor> { [0] = PolicyRuleDescriptor.FailClosed(TrafficDirection.Ingress) })[0];

        rule.Tier.ShouldBe(Weft.Flows.PolicyTier.Default);
        rule.Action.ShouldBe(RuleAction.Deny);
    }
}
