using System.Collections.Immutable;
using System.Net.Sockets;
using Weft.Api.Resources;
using Weft.Policy;
using Weft.Policy.Evaluation;

namespace Weft.Datapath.Policy;

/// <summary>
/// Derives one node's <see cref="NodePolicyPlan"/> from the compiled models. The engine is the single source of
/// truth: every decision is the engine's verdict for a representative of an elementary (peer address interval,
/// protocol, port interval) cell, so the datapath agrees with <see cref="PolicyModel.IsAllowed"/> by
/// construction. Peers that the engine cannot tell apart — pods with the same identity, the same membership in
/// every CIDR and, for egress, the same container ports (named ports resolve on the destination) — form one peer
/// class and are evaluated once per local pod.
/// </summary>
public static class NodePolicyPlanner
{
    private static readonly Protocol[] Protocols = [Protocol.Tcp, Protocol.Udp, Protocol.Sctp];

    public static NodePolicyPlan Plan(PolicyModels models, IEnumerable<LocalPod> localPods)
    {
        var bounds = PolicyBounds.From(models.All.Input);
        var peers = PeerTable.Build(models.All, bounds);
        var rules = new SortedDictionary<uint, PolicyRuleDescriptor>();
        var directions = ImmutableArray.CreateBuilder<PodDirectionPlan>();
        var failed = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var pod in localPods.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var problem = Validate(models, pod, out var index);
            if (problem is not null)
            {
                failed[pod.Key] = problem;
                foreach (var ingress in new[] { true, false })
                {
                    var direction = ingress ? TrafficDirection.Ingress : TrafficDirection.Egress;
                    rules[PolicyRuleDescriptor.FailClosedId] = PolicyRuleDescriptor.FailClosed(direction);
                    directions.Add(new PodDirectionPlan(pod.Key, pod.HostInterface, ingress, new PolicyDecision(PolicyAction.Drop, PolicyRuleDescriptor.FailClosedId), []));
                }

                continue;
            }

            foreach (var ingress in new[] { true, false })
            {
                directions.Add(PlanDirection(models, bounds, peers, pod, index, ingress, rules));
            }
        }

        return new NodePolicyPlan(directions.ToImmutable(), rules.ToImmutableSortedDictionary(), failed.ToImmutable());
    }

    private static string? Validate(PolicyModels models, LocalPod pod, out int index)
    {
        if (!models.All.TryFindPod(pod.Key, out index) || !models.Enforced.TryFindPod(pod.Key, out var enforcedIndex) || index != enforcedIndex)
        {
            return "the pod is not in the policy model";
        }

        if (pod.Address.AddressFamily != AddressFamily.InterNetwork && !pod.Address.IsIPv4MappedToIPv6)
        {
            return "the pod has no IPv4 address (the policy datapath is IPv4 only)";
        }

        if (!models.All.TryFindPodByAddress(pod.Address, out var owner) || owner != index)
        {
            return $"the policy model does not know {pod.Address} as the pod's address";
        }

        return null;
    }

    private static PodDirectionPlan PlanDirection(PolicyModels models, PolicyBounds bounds, PeerTable peers, LocalPod pod, int local, bool ingress, SortedDictionary<uint, PolicyRuleDescriptor> rules)
    {
        var portCount = bounds.Ports.Length;
        var cache = new Dictionary<string, PolicyDecision[]>(StringComparer.Ordinal);
        var enforcedIsolated = false;
        var allIsolated = false;
        string? enforcedPolicy = null;
        string? allPolicy = null;

        PolicyDecision Decide(Peer peer, Protocol protocol, int port)
        {
            var enforced = Direction(models.Enforced, peer, local, ingress, protocol, port);
            var all = ReferenceEquals(models.Enforced, models.All) ? enforced : Direction(models.All, peer, local, ingress, protocol, port);
            enforcedIsolated = enforced.Isolated;
            allIsolated = all.Isolated;
            enforcedPolicy ??= enforced.NetworkPolicies.FirstOrDefault();
            allPolicy ??= all.NetworkPolicies.FirstOrDefault();
            if (!enforced.Allowed)
            {
                return new PolicyDecision(PolicyAction.Drop, Register(enforced, rules));
            }

            return all.Allowed ? PolicyDecision.Allow : new PolicyDecision(PolicyAction.Audit, Register(all, rules));
        }

        // One row per elementary address interval: a decision per (protocol, port interval), computed once per peer class.
        var rows = new List<(AddressRange Range, PolicyDecision[] Row)>(peers.Peers.Length);
        foreach (var peer in peers.Peers)
        {
            var key = ingress ? peer.IngressClass : peer.EgressClass;
            if (!cache.TryGetValue(key, out var row))
            {
                row = new PolicyDecision[Protocols.Length * portCount];
                for (var p = 0; p < Protocols.Length; p++)
                {
                    for (var i = 0; i < portCount; i++)
                    {
                        row[(p * portCount) + i] = Decide(peer, Protocols[p], bounds.Ports[i].First);
                    }
                }

                cache[key] = row;
            }

            if (rows.Count > 0 && rows[^1].Range.Last + 1 == peer.Range.First && rows[^1].Row.AsSpan().SequenceEqual(row))
            {
                rows[^1] = (new AddressRange(rows[^1].Range.First, peer.Range.Last), row);
            }
            else
            {
                rows.Add((peer.Range, row));
            }
        }

        // Protocols without ports (ICMP…) follow NetworkPolicy isolation only: the engine decides per port.
        var dir = ingress ? TrafficDirection.Ingress : TrafficDirection.Egress;
        PolicyDecision defaultDecision = PolicyDecision.Allow;
        if (enforcedIsolated || allIsolated)
        {
            var isolatingPolicy = (enforcedIsolated ? enforcedPolicy : allPolicy) ?? "";
            var id = PolicyRuleDescriptor.IdOf(PolicyTier.NetworkPolicy, isolatingPolicy, dir, null, "DefaultDeny");
            rules[id] = new PolicyRuleDescriptor(id, PolicyTier.NetworkPolicy, isolatingPolicy, dir, null, null, "DefaultDeny");
            defaultDecision = new PolicyDecision(enforcedIsolated ? PolicyAction.Drop : PolicyAction.Audit, id);
        }

        var entries = ImmutableArray.CreateBuilder<PolicyEntry>();
        foreach (var (range, row) in rows)
        {
            for (var p = 0; p < Protocols.Length; p++)
            {
                var start = 0;
                for (var i = 1; i <= portCount; i++)
                {
                    if (i < portCount && row[(p * portCount) + i] == row[(p * portCount) + start])
                    {
                        continue;
                    }

                    var decision = row[(p * portCount) + start];
                    if (decision != defaultDecision)
                    {
                        entries.Add(new PolicyEntry(range, Protocols[p], new PortRange(bounds.Ports[start].First, bounds.Ports[i - 1].Last), decision));
                    }

                    start = i;
                }
            }
        }

        return new PodDirectionPlan(pod.Key, pod.HostInterface, ingress, defaultDecision, entries.ToImmutable());
    }

    private static DirectionVerdict Direction(PolicyModel model, Peer peer, int local, bool ingress, Protocol protocol, int port)
    {
        var other = peer.PodIndex >= 0 ? TrafficEndpoint.Pod(peer.PodIndex) : TrafficEndpoint.External(AddressRange.ToAddress(peer.Range.First));
        var self = TrafficEndpoint.Pod(local);
        var verdict = ingress ? model.Check(other, self, protocol, port) : model.Check(self, other, protocol, port);
        return (ingress ? verdict.Ingress : verdict.Egress)!;
    }

    private static uint Register(DirectionVerdict verdict, SortedDictionary<uint, PolicyRuleDescriptor> rules)
    {
        PolicyRuleDescriptor descriptor;
        if (verdict.Match is { } match)
        {
            var id = PolicyRuleDescriptor.IdOf(match.Tier, match.Policy, verdict.Direction, match.RuleIndex, match.Action);
            descriptor = new PolicyRuleDescriptor(id, match.Tier, match.Policy, verdict.Direction, match.RuleIndex, match.RuleName, match.Action);
        }
        else
        {
            var policy = verdict.NetworkPolicies.FirstOrDefault() ?? "";
            var id = PolicyRuleDescriptor.IdOf(verdict.DecidedBy, policy, verdict.Direction, null, "DefaultDeny");
            descriptor = new PolicyRuleDescriptor(id, verdict.DecidedBy, policy, verdict.Direction, null, null, "DefaultDeny");
        }

        rules[descriptor.Id] = descriptor;
        return descriptor.Id;
    }
}
