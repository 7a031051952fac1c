using System.Collections.Immutable;
using System.Net.Sockets;
using Weft.Api.Resources;
using Weft.Policy;
using Weft.Policy.Evaluation;

namespace Weft.Datapath.Policy;

/// <summary>
/// Derives one node's <see cref="NodePolicyPlan"/> from the compiled models. The engine is the single source of
/// truth: every decision is the engine's verdict (<see cref="PolicyModel.Decide"/>, no explanation built) for a
/// representative of a (peer class, protocol, port interval) cell, so the datapath agrees with
/// <see cref="PolicyModel.IsAllowed"/> by construction. Peer classes (<see cref="PeerClassTable"/>) are evaluated
/// once per local pod class and direction: local pods of one class share their rows.
/// </summary>
public static class NodePolicyPlanner
{
    private static readonly Protocol[] Protocols = [Protocol.Tcp, Protocol.Udp, Protocol.Sctp];

    // Separate the enforced model's deciding policies from the all-policies model's in a cache fingerprint.
    private static readonly object SameModels = new();
    private static readonly object AuditModels = new();

    /// <summary>Plans the node's pods; with a <paramref name="cache"/> (kept by the caller between plans) only what changed is asked of the engine.</summary>
    public static NodePolicyPlan Plan(PolicyModels models, IEnumerable<LocalPod> localPods, PolicyPlanCache? cache = null)
    {
        var bounds = PolicyBounds.From(models.All.Input);
        var classes = cache?.ClassTable.Build(models.All, bounds) ?? PeerClassTable.Build(models.All, bounds);
        var classesVersion = cache?.ClassesVersionOf(classes.Classes) ?? new object();
        var state = new PlanState(cache?.Directions ?? [], classesVersion);
        var directions = ImmutableArray.CreateBuilder<PodDirectionPlan>();
        var failed = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var shared = new Dictionary<(string LocalKey, bool Ingress), (PolicyDecision Default, ImmutableSortedDictionary<uint, uint> Profiles)>();
        foreach (var pod in localPods.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var problem = Validate(models, pod, out var index);
            if (problem is not null)
            {
                failed[pod.Key] = problem;
                foreach (var ingress in new[] { true, false })
                {
                    var direction = ingress ? TrafficDirection.Ingress : TrafficDirection.Egress;
                    state.Rules[PolicyRuleDescriptor.FailClosedId] = PolicyRuleDescriptor.FailClosed(direction);
                    directions.Add(new PodDirectionPlan(pod.Key, pod.HostInterface, ingress, new PolicyDecision(PolicyAction.Drop, PolicyRuleDescriptor.FailClosedId), ImmutableSortedDictionary<uint, uint>.Empty));
                }

                continue;
            }

            foreach (var ingress in new[] { true, false })
            {
                var key = (classes.PodClasses[index].Key, ingress);
                if (!shared.TryGetValue(key, out var planned))
                {
                    shared[key] = planned = PlanDirection(models, bounds, classes, index, key, state);
                }

                directions.Add(new PodDirectionPlan(pod.Key, pod.HostInterface, ingress, planned.Default, planned.Profiles));
            }
        }

        if (cache is not null)
        {
            cache.Directions = state.NextCache;
        }

        return new NodePolicyPlan(classes.Ipcache, directions.ToImmutable(), state.Profiles.ToImmutableSortedDictionary(), state.Rules.ToImmutableSortedDictionary(), failed.ToImmutable());
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

    private static (PolicyDecision Default, ImmutableSortedDictionary<uint, uint> Profiles) PlanDirection(
        PolicyModels models, PolicyBounds bounds, PeerClassTable classes, int local, (string LocalKey, bool Ingress) key, PlanState state)
    {
        var portCount = bounds.Ports.Length;
        var dir = key.Ingress ? TrafficDirection.Ingress : TrafficDirection.Egress;
        if (!models.Enforced.IsConstrained(local, dir) && !models.All.IsConstrained(local, dir))
        {
            // No policy of any tier decides this direction: everything is allowed by default, nothing to program.
            return (PolicyDecision.Allow, ImmutableSortedDictionary<uint, uint>.Empty);
        }

        // The direction's decisions depend only on the policies deciding it (and the peer, protocol and port).
        object[] fingerprint = [.. models.Enforced.SelectingPolicies(local, dir), ReferenceEquals(models.Enforced, models.All) ? SameModels : AuditModels, .. models.All.SelectingPolicies(local, dir)];
        var previous = state.PreviousCache.GetValueOrDefault(key);
        var reuse = previous is not null && previous.SameFingerprint(fingerprint);
        if (reuse && ReferenceEquals(previous!.ClassesVersion, state.ClassesVersion) && Reused(previous, state))
        {
            // Same deciding policies and same peer classes: the previous answer stands, no per-peer work.
            state.NextCache[key] = previous;
            return (previous.Default, previous.Profiles);
        }

        var enforcedIsolated = false;
        var allIsolated = false;
        string? enforcedPolicy = null;
        string? allPolicy = null;
        var rules = new Dictionary<uint, PolicyRuleDescriptor>();

        PolicyDecision Decide(TrafficEndpoint peer, Protocol protocol, int port)
        {
            var enforced = models.Enforced.Decide(local, dir, peer, protocol, port);
            var all = ReferenceEquals(models.Enforced, models.All) ? enforced : models.All.Decide(local, dir, peer, protocol, port);
            enforcedIsolated = enforced.Isolated;
            allIsolated = all.Isolated;
            enforcedPolicy ??= enforced.IsolatingPolicy;
            allPolicy ??= all.IsolatingPolicy;
            if (!enforced.Allowed)
            {
                return state.Decision(PolicyAction.Drop, Register(enforced, dir, rules));
            }

            return all.Allowed ? PolicyDecision.Allow : state.Decision(PolicyAction.Audit, Register(all, dir, rules));
        }

        // One row per peer class not decided before: a decision per (protocol, port interval).
        var rows = new List<(PeerClass Class, PolicyDecision[] Row)>();
        foreach (var peer in classes.Classes)
        {
            if (reuse && previous!.Peers.ContainsKey(peer.Key))
            {
                continue;
            }

            var endpoint = peer.PodIndex >= 0 ? TrafficEndpoint.Pod(peer.PodIndex) : TrafficEndpoint.External(AddressRange.ToAddress(peer.Address));
            var row = new PolicyDecision[Protocols.Length * portCount];
            for (var p = 0; p < Protocols.Length; p++)
            {
                for (var i = 0; i < portCount; i++)
                {
                    row[(p * portCount) + i] = Decide(endpoint, Protocols[p], bounds.Ports[i].First);
                }
            }

            rows.Add((peer, row));
        }

        PolicyDecision defaultDecision;
        if (reuse)
        {
            defaultDecision = previous!.Default;
        }
        else
        {
            // Protocols without ports (ICMP…) follow NetworkPolicy isolation only: the engine decides per port.
            defaultDecision = PolicyDecision.Allow;
            if (enforcedIsolated || allIsolated)
            {
                var isolatingPolicy = (enforcedIsolated ? enforcedPolicy : allPolicy) ?? "";
                var id = PolicyRuleDescriptor.IdOf(PolicyTier.NetworkPolicy, isolatingPolicy, dir, null, "DefaultDeny");
                rules[id] = new PolicyRuleDescriptor(id, PolicyTier.NetworkPolicy, isolatingPolicy, dir, null, null, "DefaultDeny");
                defaultDecision = state.Decision(enforcedIsolated ? PolicyAction.Drop : PolicyAction.Audit, id);
            }
        }

        var next = new PolicyPlanCache.DirectionCache(fingerprint, defaultDecision, state.ClassesVersion);
        foreach (var (id, rule) in reuse ? previous!.Rules.Concat(rules) : rules)
        {
            next.Rules[id] = rule;
            state.Rules[id] = rule;
        }

        foreach (var (peer, row) in rows)
        {
            next.Peers[peer.Key] = Entries(row, bounds, defaultDecision);
        }

        var profiles = ImmutableSortedDictionary.CreateBuilder<uint, uint>();
        foreach (var peer in classes.Classes)
        {
            if (!next.Peers.TryGetValue(peer.Key, out var entries))
            {
                next.Peers[peer.Key] = entries = previous!.Peers[peer.Key];
            }

            if (!entries.IsEmpty)
            {
                profiles[peer.Id] = state.Profile(defaultDecision, entries);
            }
        }

        next.Profiles = profiles.ToImmutable();
        foreach (var id in next.Profiles.Values)
        {
            next.ProfileContents.TryAdd(id, state.ProfileWithKey(id));
        }

        state.NextCache[key] = next;
        return (defaultDecision, next.Profiles);
    }

    /// <summary>
    /// Registers a reused direction's rules and profiles with this plan; false (nothing registered) when a profile
    /// would not get the same id as a fresh plan gives it (an id collision), and the direction must be walked again.
    /// </summary>
    private static bool Reused(PolicyPlanCache.DirectionCache previous, PlanState state)
    {
        if (!previous.ProfileContents.All(p => state.CanAdopt(p.Value.Key, p.Value.Profile)))
        {
            return false;
        }

        foreach (var (key, profile) in previous.ProfileContents.Values)
        {
            state.Adopt(key, profile);
        }

        foreach (var (id, rule) in previous.Rules)
        {
            state.Rules[id] = rule;
        }

        return true;
    }

    /// <summary>A row as the (protocol, merged port range) entries that differ from the default.</summary>
    private static ImmutableArray<PolicyEntry> Entries(PolicyDecision[] row, PolicyBounds bounds, PolicyDecision defaultDecision)
    {
        var portCount = bounds.Ports.Length;
        var entries = ImmutableArray.CreateBuilder<PolicyEntry>();
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
                    entries.Add(new PolicyEntry(Protocols[p], new PortRange(bounds.Ports[start].First, bounds.Ports[i - 1].Last), decision));
                }

                start = i;
            }
        }

        return entries.ToImmutable();
    }

    private static uint Register(DirectionDecision decision, TrafficDirection direction, Dictionary<uint, PolicyRuleDescriptor> rules)
    {
        uint id;
        if (decision.Policy is { } policy)
        {
            id = PolicyRuleDescriptor.IdOf(decision.DecidedBy, policy, direction, decision.RuleIndex, decision.Action!);
            if (!rules.ContainsKey(id))
            {
                rules[id] = new PolicyRuleDescriptor(id, decision.DecidedBy, policy, direction, decision.RuleIndex, decision.RuleName, decision.Action!);
            }
        }
        else
        {
            var isolating = decision.IsolatingPolicy ?? "";
            id = PolicyRuleDescriptor.IdOf(decision.DecidedBy, isolating, direction, null, "DefaultDeny");
            if (!rules.ContainsKey(id))
            {
                rules[id] = new PolicyRuleDescriptor(id, decision.DecidedBy, isolating, direction, null, null, "DefaultDeny");
            }
        }

        return id;
    }

    /// <summary>What the planning of one node accumulates: rules, profiles (by id, collisions moved on), interned decisions.</summary>
    private sealed class PlanState(Dictionary<(string LocalKey, bool Ingress), PolicyPlanCache.DirectionCache> previousCache, object classesVersion)
    {
        private readonly Dictionary<(PolicyAction, uint), PolicyDecision> decisions = [];
        private readonly Dictionary<string, uint> profileIds = new(StringComparer.Ordinal);

        public Dictionary<(string LocalKey, bool Ingress), PolicyPlanCache.DirectionCache> PreviousCache { get; } = previousCache;

        public Dictionary<(string LocalKey, bool Ingress), PolicyPlanCache.DirectionCache> NextCache { get; } = [];

        /// <summary>Stands for this plan's peer classes; the same instance as the previous plan's when they are equal.</summary>
        public object ClassesVersion { get; } = classesVersion;

        public SortedDictionary<uint, PolicyRuleDescriptor> Rules { get; } = [];

        public SortedDictionary<uint, PolicyProfile> Profiles { get; } = [];

        public PolicyDecision Decision(PolicyAction action, uint rule)
        {
            if (!decisions.TryGetValue((action, rule), out var decision))
            {
                decisions[(action, rule)] = decision = new PolicyDecision(action, rule);
            }

            return decision;
        }

        private readonly Dictionary<uint, string> profileKeys = [];

        public (string Key, PolicyProfile Profile) ProfileWithKey(uint id) => (profileKeys[id], Profiles[id]);

        /// <summary>Whether a cached profile keeps its id here: registered with it already, or free and uncollided.</summary>
        public bool CanAdopt(string key, PolicyProfile profile) => profileIds.TryGetValue(key, out var id)
            ? id == profile.Id
            : !Profiles.ContainsKey(profile.Id) && StableId.Of(key) == profile.Id;

        public void Adopt(string key, PolicyProfile profile)
        {
            if (profileIds.TryAdd(key, profile.Id))
            {
                profileKeys[profile.Id] = key;
                Profiles[profile.Id] = profile;
            }
        }

        public uint Profile(PolicyDecision @default, ImmutableArray<PolicyEntry> entries)
        {
            var key = PolicyProfile.KeyOf(@default, entries);
            if (profileIds.TryGetValue(key, out var id))
            {
                return id;
            }

            id = StableId.Of(key);
            while (Profiles.ContainsKey(id))
            {
                id = unchecked(id + 1);
            }

            profileIds[key] = id;
            profileKeys[id] = key;
            Profiles[id] = new PolicyProfile(id, @default, entries);
            return id;
        }
    }
}
