using System.Collections.Immutable;
using System.Globalization;
using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Policy;

/// <summary>
/// Renders a <see cref="NodePolicyPlan"/> as the <c>inet weft-policy</c> table. Per new connection and direction the
/// work is constant whatever the number of policies: the peer address's class from the ipcache (a hash lookup, and
/// a single-field interval lookup for CIDR atoms) into the connection mark, one hash lookup of (local pod veth, peer
/// class) that goes to the deciding profile, and one lookup in that profile's small port map.
/// <code>
/// chain forward  { type filter hook forward priority 0 ; ct state established,related accept ; jump egress ; jump ingress }
/// chain egress   { ct mark set 0x0 ; ct mark set ip daddr map @peer-cidr ; ct mark set ip daddr map @peer-addr ;
///                  iifname . ct mark vmap @egress-classes ; iifname vmap @egress-default }
/// chain ingress  { … ip saddr … oifname … }
/// chain profile-P { meta l4proto . th dport vmap @ports-P ; &lt;the pod-direction default&gt; }
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
    public const string PeerAddresses = "peer-addr";
    public const string PeerRanges = "peer-cidr";
    public const string EgressClasses = "egress-classes";
    public const string EgressDefaults = "egress-default";
    public const string IngressClasses = "ingress-classes";
    public const string IngressDefaults = "ingress-default";

    private const string ClassKeyType = "ifname . mark";
    private const string PortKeyType = "inet_proto . inet_service";

    public static NftRuleset Build(NodePolicyPlan plan, NftTable? table = null, int logGroup = DefaultLogGroup) => Build(plan, null, table, logGroup);

    /// <summary>
    /// As <see cref="Build(NodePolicyPlan, NftTable?, int)"/>; when <paramref name="previous"/> was built from a plan
    /// with the same ipcache instance (the planner keeps it while no address changes class), its two ipcache maps
    /// are carried over as they are instead of formatting an element per pod address again.
    /// </summary>
    public static NftRuleset Build(NodePolicyPlan plan, (NodePolicyPlan Plan, NftRuleset Ruleset)? previous, NftTable? table = null, int logGroup = DefaultLogGroup)
    {
        var chains = ImmutableSortedDictionary.CreateBuilder<string, NftChain>(StringComparer.Ordinal);
        chains[ForwardChain] = new NftChain(ForwardChain,
            [new ConntrackEstablishedRule(), new VerdictRule(NftVerdict.Jump(EgressChain)), new VerdictRule(NftVerdict.Jump(IngressChain))],
            new NftHook("filter", "forward", 0));
        chains[EgressChain] = new NftChain(EgressChain, DirectionRules(false));
        chains[IngressChain] = new NftChain(IngressChain, DirectionRules(true));

        var maps = ImmutableSortedDictionary.CreateBuilder<string, NftMap>(StringComparer.Ordinal);
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

        foreach (var profile in plan.Profiles.Values)
        {
            var ports = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);
            foreach (var entry in profile.Entries)
            {
                ports[$"{NftNames.Protocol(entry.Protocol)} . {entry.Ports}"] = VerdictOf(entry.Decision);
            }

            maps[PortsMap(profile.Id)] = new NftMap(PortsMap(profile.Id), PortKeyType, ports.ToImmutable(), "interval");
            chains[ProfileChain(profile.Id)] = new NftChain(ProfileChain(profile.Id), [new PortVerdictRule(PortsMap(profile.Id)), new VerdictRule(VerdictOf(profile.Default))]);
        }

        var elements = new Dictionary<string, ImmutableSortedDictionary<string, NftVerdict>.Builder>(StringComparer.Ordinal)
        {
            [EgressClasses] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
            [EgressDefaults] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
            [IngressClasses] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
            [IngressDefaults] = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal),
        };
        foreach (var direction in plan.Directions)
        {
            var device = $"\"{direction.HostInterface}\"";
            if (direction.Default.Action != PolicyAction.Allow)
            {
                elements[direction.Ingress ? IngressDefaults : EgressDefaults][device] = VerdictOf(direction.Default);
            }

            var classes = elements[direction.Ingress ? IngressClasses : EgressClasses];
            foreach (var (cls, profile) in direction.Profiles)
            {
                classes[$"{device} . {Mark(cls)}"] = NftVerdict.Goto(ProfileChain(profile));
            }
        }

        if (previous is { } last && ReferenceEquals(last.Plan.Ipcache, plan.Ipcache)
            && last.Ruleset.Maps.TryGetValue(PeerAddresses, out var lastAddresses) && last.Ruleset.Maps.TryGetValue(PeerRanges, out var lastRanges))
        {
            maps[PeerAddresses] = lastAddresses;
            maps[PeerRanges] = lastRanges;
        }
        else
        {
            AddIpcache(plan.Ipcache, maps);
        }

        foreach (var (name, builder) in elements)
        {
            maps[name] = new NftMap(name, name.EndsWith("-default", StringComparison.Ordinal) ? "ifname" : ClassKeyType, builder.ToImmutable());
        }

        return new NftRuleset { Table = table ?? Table, Chains = chains.ToImmutable(), Maps = maps.ToImmutable() };
    }

    private static void AddIpcache(PolicyIpcache ipcache, ImmutableSortedDictionary<string, NftMap>.Builder maps)
    {
        var addresses = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);
        foreach (var (address, cls) in ipcache.Addresses)
        {
            addresses[AddressRange.ToAddress(address).ToString()] = NftVerdict.Value(cls);
        }

        var ranges = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);
        foreach (var range in ipcache.Ranges)
        {
            ranges[range.Range.ToString()] = NftVerdict.Value(range.Class);
        }

        maps[PeerAddresses] = new NftMap(PeerAddresses, "ipv4_addr", addresses.ToImmutable(), null, "mark");
        maps[PeerRanges] = new NftMap(PeerRanges, "ipv4_addr", ranges.ToImmutable(), "interval", "mark");
    }

    /// <summary><c>weft:D:7</c> / <c>weft:A:7</c>, the scheme of docs/flows.md (parsed by Weft.Flows' NflogPrefix).</summary>
    public static string Prefix(char verdict, uint ruleId) => $"weft:{verdict}:{ruleId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A class id as nft spells a mark in map keys and elements.</summary>
    public static string Mark(uint value) => $"0x{value:x8}";

    public static string ProfileChain(uint profile) => $"profile-{profile.ToString(CultureInfo.InvariantCulture)}";

    public static string PortsMap(uint profile) => $"ports-{profile.ToString(CultureInfo.InvariantCulture)}";

    private static ImmutableArray<NftRule> DirectionRules(bool ingress) =>
    [
        new ConntrackMarkRule(ingress, null, PolicyIpcache.WorldClass),
        new ConntrackMarkRule(ingress, PeerRanges),
        new ConntrackMarkRule(ingress, PeerAddresses),
        new PeerClassVerdictRule(ingress, ingress ? IngressClasses : EgressClasses),
        new InterfaceVerdictRule(ingress, ingress ? IngressDefaults : EgressDefaults),
    ];
}
