using System.Collections.Immutable;

namespace Weft.Datapath.Nftables;

/// <summary>
/// Turns desired rulesets into transactions. A full transaction recreates the table from scratch; an
/// incremental one changes only map elements and the chains, maps and sets that differ, in an order the kernel
/// accepts: new objects first, then chain contents, then map elements, and deletions last, once nothing
/// refers to the deleted objects any more (the kernel refuses to delete a referenced chain or set).
/// </summary>
public static class NftTransactionPlanner
{
    /// <summary>
    /// <c>add table; delete table; add table; …</c>: the add makes the delete valid when the table does not exist yet,
    /// and the whole swap is one atomic commit.
    /// </summary>
    public static NftTransaction Full(NftRuleset next)
    {
        var ops = ImmutableArray.CreateBuilder<NftOperation>();
        ops.Add(new NftOperation.AddTable());
        ops.Add(new NftOperation.DeleteTable());
        ops.Add(new NftOperation.AddTable());
        foreach (var map in next.Maps.Values)
        {
            ops.Add(new NftOperation.AddMap(map.Name, map.KeyType, map.Flags, map.ValueType));
        }

        foreach (var set in next.Sets.Values)
        {
            ops.Add(new NftOperation.AddSet(set));
        }

        foreach (var chain in next.Chains.Values)
        {
            ops.Add(new NftOperation.AddChain(chain.Name, chain.Hook));
        }

        foreach (var chain in next.Chains.Values)
        {
            foreach (var rule in chain.Rules)
            {
                ops.Add(new NftOperation.AddRule(chain.Name, rule));
            }
        }

        foreach (var map in next.Maps.Values)
        {
            foreach (var (key, verdict) in map.Elements)
            {
                ops.Add(new NftOperation.AddElement(map.Name, key, verdict));
            }
        }

        return new NftTransaction(next.Table, ops.ToImmutable(), IsFullResync: true);
    }

    /// <summary>The smallest transaction that turns <paramref name="previous"/> (what the kernel holds) into <paramref name="next"/>.</summary>
    public static NftTransaction Incremental(NftRuleset previous, NftRuleset next)
    {
        if (previous.Table != next.Table || !SameMapShapes(previous, next) || BaseChainsDiffer(previous, next))
        {
            return Full(next);
        }

        var ops = ImmutableArray.CreateBuilder<NftOperation>();
        var addedSets = next.Sets.Values.Where(s => !previous.Sets.ContainsKey(s.Name)).ToList();
        var removedSets = previous.Sets.Values.Where(s => !next.Sets.ContainsKey(s.Name)).ToList();
        var addedChains = next.Chains.Values.Where(c => !previous.Chains.ContainsKey(c.Name)).ToList();
        var removedChains = previous.Chains.Values.Where(c => !next.Chains.ContainsKey(c.Name)).ToList();
        var addedMaps = next.Maps.Values.Where(m => !previous.Maps.ContainsKey(m.Name)).ToList();
        var removedMaps = previous.Maps.Values.Where(m => !next.Maps.ContainsKey(m.Name)).ToList();
        var changedChains = next.Chains.Values
            .Where(c => previous.Chains.TryGetValue(c.Name, out var old) && !old.SameContentAs(c)).ToList();

        ops.AddRange(addedMaps.Select(m => new NftOperation.AddMap(m.Name, m.KeyType, m.Flags, m.ValueType)));
        ops.AddRange(addedSets.Select(s => new NftOperation.AddSet(s)));
        ops.AddRange(addedChains.Select(c => new NftOperation.AddChain(c.Name, c.Hook)));

        // Emptying removed chains drops their references to other chains and sets before anything is deleted.
        ops.AddRange(changedChains.Concat(removedChains).Select(c => new NftOperation.FlushChain(c.Name)));
        foreach (var chain in addedChains.Concat(changedChains))
        {
            ops.AddRange(chain.Rules.Select(r => new NftOperation.AddRule(chain.Name, r)));
        }

        foreach (var map in next.Maps.Values)
        {
            var old = previous.Maps.TryGetValue(map.Name, out var before) ? before.Elements : ImmutableSortedDictionary<string, NftVerdict>.Empty;
            if (ReferenceEquals(old, map.Elements))
            {
                // Carried over unchanged by the builder (the policy ipcache between plans): nothing to compare.
                continue;
            }

            foreach (var (key, verdict) in old)
            {
                if (!map.Elements.TryGetValue(key, out var now) || now != verdict)
                {
                    ops.Add(new NftOperation.DeleteElement(map.Name, key));
                }
            }

            foreach (var (key, verdict) in map.Elements)
            {
                if (!old.TryGetValue(key, out var was) || was != verdict)
                {
                    ops.Add(new NftOperation.AddElement(map.Name, key, verdict));
                }
            }
        }

        // A removed map's rules were flushed above; its elements may still name chains deleted below.
        ops.AddRange(removedMaps.Select(m => new NftOperation.DeleteMap(m.Name)));
        ops.AddRange(removedChains.Select(c => new NftOperation.DeleteChain(c.Name)));
        ops.AddRange(removedSets.Select(s => new NftOperation.DeleteSet(s.Name)));
        return new NftTransaction(next.Table, ops.ToImmutable(), IsFullResync: false);
    }

    /// <summary>Maps may come and go incrementally (the policy datapath's per-profile port maps); a map whose type changed cannot.</summary>
    private static bool SameMapShapes(NftRuleset previous, NftRuleset next) =>
        previous.Maps.All(m => !next.Maps.TryGetValue(m.Key, out var other)
            || (other.KeyType == m.Value.KeyType && other.Flags == m.Value.Flags && other.ValueType == m.Value.ValueType));

    private static bool BaseChainsDiffer(NftRuleset previous, NftRuleset next) =>
        previous.Chains.Values.Concat(next.Chains.Values).Where(c => c.Hook is not null)
            .Any(c => !previous.Chains.TryGetValue(c.Name, out var a) || !next.Chains.TryGetValue(c.Name, out var b) || a.Hook != b.Hook);
}
