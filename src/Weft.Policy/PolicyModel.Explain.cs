using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;

namespace Weft.Policy;

public sealed partial class PolicyModel
{
    /// <summary>
    /// The verdict for one connection with its full explanation. An external address that belongs to a pod
    /// is treated as that pod. At least one end must be a pod.
    /// </summary>
    public Verdict Check(TrafficEndpoint from, TrafficEndpoint to, Protocol protocol, int port)
    {
        from = Normalize(from);
        to = Normalize(to);
        if (!from.IsPod && !to.IsPod)
        {
            throw new ArgumentException("at least one end of a connection must be a pod", nameof(to));
        }

        DirectionVerdict? egress = null;
        DirectionVerdict? ingress = null;
        if (from.IsPod)
        {
            var source = pods[from.PodIndex];
            egress = Explain(TrafficDirection.Egress, source, DecideEgress(source, to, protocol, port));
        }

        if (to.IsPod)
        {
            var destination = pods[to.PodIndex];
            ingress = Explain(TrafficDirection.Ingress, destination, DecideIngress(destination, from, protocol, port));
        }

        var allowed = (egress?.Allowed ?? true) && (ingress?.Allowed ?? true);
        return new Verdict(Describe(from), Describe(to), protocol, port, allowed, egress, ingress, Revision);
    }

    private TrafficEndpoint Normalize(TrafficEndpoint endpoint) =>
        !endpoint.IsPod && TryFindPodByAddress(endpoint.Address!, out var index) ? TrafficEndpoint.Pod(index) : endpoint;

    private string Describe(TrafficEndpoint endpoint) => endpoint.IsPod ? pods[endpoint.PodIndex].Key : endpoint.Address!.ToString();

    private DirectionVerdict Explain(TrafficDirection direction, CompiledPod pod, Decision decision)
    {
        var ingress = direction == TrafficDirection.Ingress;
        var identity = identityPolicies[pod.IdentityId];
        var policy = ingress ? identity.Ingress : identity.Egress;
        var selectingNp = policy.NetworkPolicies.Select(p => p.Source.Key).ToImmutableArray();
        var selectingAnp = adminPolicies.Where(p => p.Subject.Contains(pod.IdentityId)).Select(p => p.Source.Name).ToImmutableArray();
        var baselineSelects = baseline is not null && baseline.Subject.Contains(pod.IdentityId);
        var match = decision.Rule is { } rule ? DescribeMatch(decision, rule, ingress) : null;
        var verb = decision.Allowed ? "allowed" : "denied";
        var dir = ingress ? "ingress" : "egress";
        var reason = decision.Tier switch
        {
            PolicyTier.AdminNetworkPolicy =>
                $"{verb} by AdminNetworkPolicy {match!.Policy} (priority {match.Priority}) {dir} rule {RuleLabel(match)}",
            PolicyTier.NetworkPolicy when match is not null =>
                $"{verb} by NetworkPolicy {match.Policy} {dir} rule {match.RuleIndex}",
            PolicyTier.NetworkPolicy =>
                $"denied: isolated for {dir} by {string.Join(", ", selectingNp)} and no {dir} rule of theirs matches",
            PolicyTier.BaselineAdminNetworkPolicy =>
                $"{verb} by BaselineAdminNetworkPolicy {match!.Policy} {dir} rule {RuleLabel(match)}",
            _ => selectingAnp.IsEmpty && !baselineSelects && selectingNp.IsEmpty
                ? $"allowed by default: no policy selects the pod for {dir}"
                : $"allowed by default: not isolated for {dir} and no admin rule matches",
        };
        if (decision.PassedBy is { } passedBy)
        {
            reason = $"AdminNetworkPolicy {passedBy.Source.Name} {dir} rule {RuleLabel(decision.PassRule!, passedBy, ingress)} passes to NetworkPolicy; {reason}";
        }

        return new DirectionVerdict(direction, pod.Key, decision.Allowed, decision.Tier, policy.Isolated, selectingNp, selectingAnp, baselineSelects, match, reason);
    }

    private static string RuleLabel(RuleMatch match) =>
        string.IsNullOrEmpty(match.RuleName) ? $"{match.RuleIndex}" : $"{match.RuleIndex} ({match.RuleName}) {match.Action}";

    private static string RuleLabel(CompiledRule rule, CompiledPolicy policy, bool ingress)
    {
        var rules = policy.Source switch
        {
            AdminNetworkPolicy anp => ingress ? anp.Ingress : anp.Egress,
            _ => [],
        };
        var name = rule.RuleIndex < rules.Length ? rules[rule.RuleIndex].Name : "";
        return name.Length == 0 ? $"{rule.RuleIndex}" : $"{rule.RuleIndex} ({name})";
    }

    private RuleMatch DescribeMatch(Decision decision, CompiledRule rule, bool ingress)
    {
        switch (decision.Tier)
        {
            case PolicyTier.NetworkPolicy:
            {
                var np = (NetworkPolicy)networkPolicies[rule.PolicyIndex].Source;
                var source = (ingress ? np.Ingress : np.Egress)[rule.RuleIndex];
                return new RuleMatch(
                    PolicyTier.NetworkPolicy, np.Key, null, rule.RuleIndex, null, "Allow", decision.PeerIndex, decision.PortIndex,
                    decision.PeerIndex < 0 ? "all peers" : PolicyText.Peer(source.Peers[decision.PeerIndex]),
                    decision.PortIndex < 0 ? "all ports" : PolicyText.Port(source.Ports[decision.PortIndex]),
                    np.Source);
            }

            default:
            {
                var compiled = decision.Policy!;
                var (rules, priority) = compiled.Source switch
                {
                    AdminNetworkPolicy anp => (ingress ? anp.Ingress : anp.Egress, (int?)anp.Priority),
                    BaselineAdminNetworkPolicy banp => (ingress ? banp.Ingress : banp.Egress, null),
                    _ => throw new InvalidOperationException($"unexpected policy kind {compiled.Source.Kind}"),
                };
                var source = rules[rule.RuleIndex];
                return new RuleMatch(
                    decision.Tier, compiled.Source.Name, priority, rule.RuleIndex, source.Name, source.Action.ToString(),
                    decision.PeerIndex, decision.PortIndex,
                    PolicyText.AdminPeer(source, decision.PeerIndex),
                    decision.PortIndex < 0 ? "all ports" : PolicyText.Port(source.Ports[decision.PortIndex]),
                    compiled.Source.Source);
            }
        }
    }
}
