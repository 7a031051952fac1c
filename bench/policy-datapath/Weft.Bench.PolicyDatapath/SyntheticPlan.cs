using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Policy;
using Weft.Policy.Evaluation;

namespace Weft.Bench.PolicyDatapath;

/// <summary>
/// The plan <see cref="SyntheticPolicies"/> compiles to, built directly: the same elements (one per policy, the
/// client's two ports, a default drop for the server's ingress). Used above ENGINE_PLAN_MAX policies, where the
/// planner's cost — quadratic when N ipBlock policies all select one pod — would dominate the run; the kernel sees
/// the same table shape and element count.
/// </summary>
internal static class SyntheticPlan
{
    public static NodePolicyPlan Build(int count, string client, int changedPort = SyntheticPolicies.Port)
    {
        var entries = ImmutableArray.CreateBuilder<PolicyEntry>(count + 2);
        for (var i = 0; i < count; i++)
        {
            var peer = AddressRange.ToUInt32(IPAddress.Parse(SyntheticPolicies.Peer(i)));
            var port = i == 0 ? changedPort : SyntheticPolicies.Port;
            entries.Add(new PolicyEntry(new AddressRange(peer, peer), Protocol.Tcp, new PortRange(port, port), PolicyDecision.Allow));
        }

        var clientAddress = AddressRange.ToUInt32(IPAddress.Parse(client));
        foreach (var port in new[] { SyntheticPolicies.ThroughputPort, SyntheticPolicies.Port })
        {
            entries.Add(new PolicyEntry(new AddressRange(clientAddress, clientAddress), Protocol.Tcp, new PortRange(port, port), PolicyDecision.Allow));
        }

        var deny = new PolicyRuleDescriptor(1, PolicyTier.NetworkPolicy, "bench/p0", TrafficDirection.Ingress, null, null, "DefaultDeny");
        return new NodePolicyPlan(
            [
                new PodDirectionPlan("bench/server", "vbe", true, new PolicyDecision(PolicyAction.Drop, deny.Id), entries.MoveToImmutable()),
                new PodDirectionPlan("bench/server", "vbe", false, PolicyDecision.Allow, []),
                new PodDirectionPlan("bench/client", "vcli", true, PolicyDecision.Allow, []),
                new PodDirectionPlan("bench/client", "vcli", false, PolicyDecision.Allow, []),
            ],
            ImmutableSortedDictionary<uint, PolicyRuleDescriptor>.Empty.Add(deny.Id, deny),
            ImmutableSortedDictionary<string, string>.Empty);
    }
}
