using System.Collections.Immutable;
using System.Globalization;
using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Policy;

/// <summary>
/// Renders a <see cref="NodePolicyPlan"/> as the <c>inet weft-policy</c> table. The shape is fixed — a forward
/// base chain, one egress and one ingress chain, four maps — so a policy change only adds and removes map
/// elements (and the per-rule log chains); per packet, a new connection costs two range lookups and two hash
/// lookups whatever the number of policies, and packets of known connections one conntrack check.
/// <code>
/// chain forward  { type filter hook forward priority 0 ; ct state established,related accept ; jump egress ; jump ingress }
/// chain egress   { iifname . ip daddr . meta l4proto . th dport vmap @egress-rules ; iifname vmap @egress-default }
/// chain ingress  { oifname . ip saddr . meta l4proto . th dport vmap @ingress-rules ; oifname vmap @ingress-default }
/// chain drop-N   { log prefix "weft:D:N" group G ; drop }
/// chain audit-N  { log prefix "weft:A:N" group G }      (reached by goto: its end returns to forward = allowed)
/// </code>
/// Forward runs after DNAT (prerouting dstnat, priority -100), so service traffic is checked against the backend.
/// </summary>
public static class PolicyRulesetBuilder
{
    public static NftTable Table { get; } = new("inet", "weft-policy");

    /// <summary>The NFLOG group the agent's flow reader binds (docs/flows.md).</summary>
    public const int DefaultLogGroup = 100;

    public const string ForwardChain = "forward";
    public const string EgressChain = "egress";
    public const string IngressChain = "ingress";
    public const string EgressRules = "egress-rules";
    public const string EgressDefaults = "egress-default";
    public const string IngressRules = "ingress-rules";
    public const string IngressDefaults = "ingress-default";

    private const string RulesKeyType = "ifname . ipv4_addr . inet_proto . inet_service";

    public static NftRuleset Build(NodePolicyPlan plan, NftTable? table = null, int logGroup = DefaultLogGroup)
    {
        var chains = ImmutableSortedDictionary.CreateBuilder<string, NftChain>(StringComparer.Ordinal);
        chains[ForwardChain] = new NftChain(ForwardChain,
            [new ConntrackEstablishedRule(), new VerdictRule(NftVerdict.Jump(EgressChain)), new VerdictRule(NftVerdict.Jump(IngressChain))],
            new NftHook("filter", "forward", 0));
        chains[EgressChain] = new NftChain(EgressChain, [new PolicyLookupRule(false, EgressRules), new InterfaceVerdictRule(false, EgressDefaults)]);
        chains[IngressChain] = new NftChain(IngressChain, [new PolicyLookupRule(true, IngressRules), new InterfaceVerdictRule(true, IngressDefaults)]);

        var elements = new Dictionary<string, ImmutableSortedDictionary<string, NftVerdict>.Builder>(StringComparer.Ordinal)
        {
            [EgressRules] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
            [EgressDefaults] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
            [IngressRules] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
            [IngressDefaults] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
        };

        NftVerdict VerdictOf(PolicyDecision decision)
        {
            switch (decision.Action)
            {
                case PolicyAction.Drop:
                    var drop = $"drop-{decision.RuleId.ToString(CultureInfo.InvariantCulture)}";
                    chains[drop] = new NftChain(drop, [new LogRule(Prefix('D', decision.RuleId), logGroup), new VerdictRule(NftVerdict.Drop)]);
                    return NftVerdict.Goto(drop);
                case PolicyAction.Audit:
                    var audit = $"audit-{decision.RuleId.ToString(CultureInfo.InvariantCulture)}";
                    chains[audit] = new NftChain(audit, [new LogRule(Prefix('A', decision.RuleId), logGroup)]);
                    return NftVerdict.Goto(audit);
                default:
                    return NftVerdict.Return;
            }
        }

        foreach (var direction in plan.Directions)
        {
            var device = $"\"{direction.HostInterface}\"";
            if (direction.Default.Action != PolicyAction.Allow)
            {
                elements[direction.Ingress ? IngressDefaults : EgressDefaults][device] = VerdictOf(direction.Default);
            }

            var rules = elements[direction.Ingress ? IngressRules : EgressRules];
            foreach (var entry in direction.Entries)
            {
                rules[$"{device} . {entry.Peer} . {NftNames.Protocol(entry.Protocol)} . {entry.Ports}"] = VerdictOf(entry.Decision);
            }
        }

        var maps = ImmutableSortedDictionary.CreateBuilder<string, NftMap>(StringComparer.Ordinal);
        maps[EgressRules] = new NftMap(EgressRules, RulesKeyType, elements[EgressRules].ToImmutable(), "interval");
        maps[IngressRules] = new NftMap(IngressRules, RulesKeyType, elements[IngressRules].ToImmutable(), "interval");
        maps[EgressDefaults] = new NftMap(EgressDefaults, "ifname", elements[EgressDefaults].ToImmutable());
        maps[IngressDefaults] = new NftMap(IngressDefaults, "ifname", elements[IngressDefaults].ToImmutable());
        return new NftRuleset { Table = table ?? Table, Chains = chains.ToImmutable(), Maps = maps.ToImmutable() };
    }

    /// <summary><c>weft:D:7</c> / <c>weft:A:7</c>, the scheme of docs/flows.md (parsed by Weft.Flows' NflogPrefix).</summary>
    public static string Prefix(char verdict, uint ruleId) => $"weft:{verdict}:{ruleId.ToString(CultureInfo.InvariantCulture)}";
}
