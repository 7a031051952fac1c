using System.Collections.Immutable;
using System.Text;
using Weft.Policy;

namespace Weft.Datapath.Policy;

/// <summary>
/// Cuts the address space into peer classes and builds the ipcache. Two addresses are in one class when the engine
/// cannot distinguish them: pods with the same identity (namespace + labels), the same membership in every policy
/// CIDR and the same container ports (named ports resolve on the destination); external addresses with the same CIDR
/// membership. Class ids are stable hashes of those keys (CIDRs by text, identities by labels), so a policy change
/// re-classes only the addresses whose key it changes. The key of a pod is also its key as a local pod: local
/// pods of one class share their decisions (and <see cref="PolicyPlanCache"/> keeps them across plans).
/// </summary>
internal sealed record PeerClassTable(ImmutableArray<PeerClass> Classes, PolicyIpcache Ipcache, ImmutableDictionary<int, PeerClass> PodClasses)
{
    public static PeerClassTable Build(PolicyModel model, PolicyBounds bounds)
    {
        var cidrs = bounds.Cidrs.Select(c => (First: AddressRange.ToUInt32(c.Network), Last: AddressRange.ToUInt32(c.Last), Text: c.ToString())).ToArray();
        var identityKeys = new Dictionary<int, string>();
        var namespaceLabels = model.Input.Namespaces.GroupBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(",", g.First().Metadata.Labels.Select(l => $"{l.Key}={l.Value}")), StringComparer.Ordinal);
        // Address → pod as the model resolves it (the first pod with an address wins), without an IPAddress per interval.
        var podByAddress = new Dictionary<uint, int>();
        for (var i = 0; i < model.Pods.Length; i++)
        {
            foreach (var address in model.Pods[i].PodIPs)
            {
                if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6)
                {
                    podByAddress.TryAdd(AddressRange.ToUInt32(address), i);
                }
            }
        }

        var open = new List<(uint Last, string Text)>();
        var next = 0;
        var runs = new List<(AddressRange Range, string Key, int Pod)>(bounds.Addresses.Length);
        foreach (var range in bounds.Addresses)
        {
            // CIDRs nest or are disjoint and every CIDR bound is an interval bound: a stack holds those containing the interval.
            while (open.Count > 0 && open[^1].Last < range.First)
            {
                open.RemoveAt(open.Count - 1);
            }

            while (next < cidrs.Length && cidrs[next].First <= range.First)
            {
                if (cidrs[next].Last >= range.First)
                {
                    open.Add((cidrs[next].Last, cidrs[next].Text));
                }

                next++;
            }

            var membership = open.Count == 0 ? "" : string.Join(",", open.Select(o => o.Text));
            if (range.First == range.Last && podByAddress.TryGetValue(range.First, out var pod))
            {
                var identity = model.IdentityOf(pod);
                if (!identityKeys.TryGetValue(identity, out var identityKey))
                {
                    var id = model.Identities[identity];
                    // Namespace labels too: namespace selectors read them, and a key must fix everything a selector reads.
                    identityKeys[identity] = identityKey = $"{id.Namespace}|{namespaceLabels.GetValueOrDefault(id.Namespace)}|{string.Join(",", id.Labels.Select(l => $"{l.Key}={l.Value}"))}";
                }

                var containers = model.Pods[pod].Spec.Containers;
                var ports = containers.All(c => c.Ports.IsDefaultOrEmpty) ? "" : string.Join(",", containers.SelectMany(c => c.Ports)
                    .Select(p => $"{p.Name}/{p.Protocol}/{p.Port}").Order(StringComparer.Ordinal));
                runs.Add((range, $"pod|{identityKey}|{membership}|{ports}", pod));
            }
            else
            {
                runs.Add((range, membership.Length == 0 ? "" : $"ext|{membership}", -1));
            }
        }

        var ids = AssignIds(runs.Select(r => r.Key));
        var classes = ImmutableArray.CreateBuilder<PeerClass>(ids.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var podClasses = ImmutableDictionary.CreateBuilder<int, PeerClass>();
        var byKey = new Dictionary<string, PeerClass>(StringComparer.Ordinal);
        foreach (var (range, key, pod) in runs)
        {
            if (seen.Add(key))
            {
                var peerClass = new PeerClass(ids[key], key, pod, range.First);
                classes.Add(peerClass);
                byKey[key] = peerClass;
            }

            if (pod >= 0)
            {
                podClasses[pod] = byKey[key];
            }
        }

        return new PeerClassTable(classes.ToImmutable(), BuildIpcache(runs.Select(r => (r.Range, ids[r.Key])).ToList(), ids), podClasses.ToImmutable());
    }

    /// <summary>Hash ids; a collision moves the later key (in ordinal order) to the next free id; 0 is the world's.</summary>
    private static Dictionary<string, uint> AssignIds(IEnumerable<string> keys)
    {
        var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        var used = new HashSet<uint> { PolicyIpcache.WorldClass };
        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(distinct, StringComparer.Ordinal);
        foreach (var key in distinct)
        {
            if (key.Length == 0)
            {
                ids[key] = PolicyIpcache.WorldClass;
                continue;
            }

            var id = StableId.Of(key);
            while (!used.Add(id))
            {
                id = unchecked(id + 1);
            }

            ids[key] = id;
        }

        return ids;
    }

    /// <summary>
    /// Single addresses of a class other than the world's go to the exact map. The rest, merged where neighbours
    /// (skipping exact addresses, which override) share a class, go to the interval map, except the world's.
    /// </summary>
    private static PolicyIpcache BuildIpcache(List<(AddressRange Range, uint Class)> runs, Dictionary<string, uint> ids)
    {
        var exact = ImmutableSortedDictionary.CreateBuilder<uint, uint>();
        var ranges = new List<ClassRange>();
        foreach (var (range, cls) in runs)
        {
            if (range.First == range.Last && cls != PolicyIpcache.WorldClass)
            {
                exact[range.First] = cls;
            }
            else if (ranges.Count > 0 && ranges[^1].Class == cls)
            {
                ranges[^1] = new ClassRange(new AddressRange(ranges[^1].Range.First, range.Last), cls);
            }
            else
            {
                ranges.Add(new ClassRange(range, cls));
            }
        }

        var names = ImmutableSortedDictionary.CreateRange(ids.Select(e => KeyValuePair.Create(e.Value, e.Key.Length == 0 ? "world" : e.Key)));
        return new PolicyIpcache(exact.ToImmutable(), [.. ranges.Where(r => r.Class != PolicyIpcache.WorldClass)], names);
    }
}
