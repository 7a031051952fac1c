using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Testing;

public sealed partial class InMemoryNftables
{
    private const string NoSuchObject = "Error: No such file or directory";
    private const string Busy = "Error: Could not process rule: Device or resource busy";
    private const string Exists = "Error: Could not process rule: File exists";

    /// <summary>Applies one operation; returns nft's error text, or null on success.</summary>
    private static string? Apply(ref State? working, NftTable table, NftOperation operation)
    {
        switch (operation)
        {
            case NftOperation.AddTable:
                working ??= new State(table);
                return null;
            case NftOperation.DeleteTable:
                if (working is null)
                {
                    return NoSuchObject;
                }

                working = null;
                return null;
        }

        if (working is null)
        {
            return NoSuchObject;
        }

        var s = working;
        switch (operation)
        {
            case NftOperation.AddChain add:
                if (s.Chains.TryGetValue(add.Chain, out var existing))
                {
                    return existing.Hook == add.Hook ? null : Exists;
                }

                s.Chains[add.Chain] = new ChainState(add.Hook, []);
                return null;
            case NftOperation.FlushChain flush:
                if (!s.Chains.TryGetValue(flush.Chain, out var flushed))
                {
                    return NoSuchObject;
                }

                flushed.Rules.Clear();
                return null;
            case NftOperation.DeleteChain delete:
                if (!s.Chains.ContainsKey(delete.Chain))
                {
                    return NoSuchObject;
                }

                if (IsChainReferenced(s, delete.Chain))
                {
                    return Busy;
                }

                s.Chains.Remove(delete.Chain);
                return null;
            case NftOperation.AddRule rule:
                if (!s.Chains.TryGetValue(rule.Chain, out var target))
                {
                    return NoSuchObject;
                }

                if (rule.Rule.ChainReferences.Any(c => !s.Chains.ContainsKey(c))
                    || rule.Rule.SetReferences.Any(c => !s.Sets.ContainsKey(c))
                    || rule.Rule.MapReferences.Any(c => !s.Maps.ContainsKey(c)))
                {
                    return NoSuchObject;
                }

                target.Rules.Add(rule.Rule);
                return null;
            case NftOperation.AddMap map:
                if (s.Maps.TryGetValue(map.Map, out var existingMap))
                {
                    return existingMap.KeyType == map.KeyType && existingMap.Flags == map.Flags && existingMap.ValueType == map.ValueType ? null : Exists;
                }

                s.Maps[map.Map] = new MapState(map.KeyType, new(StringComparer.Ordinal), map.Flags, map.ValueType);
                return null;
            case NftOperation.DeleteMap deleteMap:
                if (!s.Maps.ContainsKey(deleteMap.Map))
                {
                    return NoSuchObject;
                }

                if (s.Chains.Values.SelectMany(c => c.Rules).Any(r => r.MapReferences.Contains(deleteMap.Map, StringComparer.Ordinal)))
                {
                    return Busy;
                }

                s.Maps.Remove(deleteMap.Map);
                return null;
            case NftOperation.AddSet set:
                if (s.Sets.TryGetValue(set.Set.Name, out var existingSet))
                {
                    return existingSet.Spec == set.Set ? null : Exists;
                }

                s.Sets[set.Set.Name] = new SetState(set.Set, new(StringComparer.Ordinal));
                return null;
            case NftOperation.DeleteSet deleteSet:
                if (!s.Sets.ContainsKey(deleteSet.Set))
                {
                    return NoSuchObject;
                }

                if (s.Chains.Values.SelectMany(c => c.Rules).Any(r => r.SetReferences.Contains(deleteSet.Set, StringComparer.Ordinal)))
                {
                    return Busy;
                }

                s.Sets.Remove(deleteSet.Set);
                return null;
            case NftOperation.AddElement element:
                if (!s.Maps.TryGetValue(element.Map, out var intoMap) || (element.Verdict.Chain is { } chain && !s.Chains.ContainsKey(chain)))
                {
                    return NoSuchObject;
                }

                if (element.Key.Split(" . ").Length != intoMap.KeyType.Split(" . ").Length
                    || (element.Verdict.Kind == NftVerdictKind.Value) != (intoMap.ValueType != NftMap.Verdict))
                {
                    return "Error: datatype mismatch";
                }

                // Ranges ("10.0.0.0-10.0.0.9", "80-81") and prefixes need an interval map.
                if (intoMap.Flags != "interval" && element.Key.Split(" . ").Any(part => !part.StartsWith('"') && (part.Contains('-', StringComparison.Ordinal) || part.Contains('/', StringComparison.Ordinal))))
                {
                    return "Error: You must add 'flags interval' to your map declaration";
                }

                if (intoMap.Elements.TryGetValue(element.Key, out var current) && current != element.Verdict)
                {
                    return Busy;
                }

                intoMap.Elements[element.Key] = element.Verdict;
                return null;
            case NftOperation.DeleteElement element:
                return s.Maps.TryGetValue(element.Map, out var fromMap) && fromMap.Elements.Remove(element.Key) ? null : NoSuchObject;
            default:
                throw new InvalidOperationException($"unknown operation {operation}");
        }
    }

    private static bool IsChainReferenced(State s, string chain) =>
        s.Chains.Values.SelectMany(c => c.Rules).Any(r => r.ChainReferences.Contains(chain, StringComparer.Ordinal))
        || s.Maps.Values.SelectMany(m => m.Elements.Values).Any(v => v.Chain is not null && v.Chain == chain);

    /// <summary>
    /// The kernel checks that every chain reachable from a base chain holds only statements valid for that hook:
    /// NAT statements only under NAT hooks (dnat in prerouting/output, masquerade in postrouting), reject only
    /// under filter hooks. A violation fails the whole transaction with EOPNOTSUPP.
    /// </summary>
    private static string? ValidateHooks(State s)
    {
        foreach (var (name, chain) in s.Chains)
        {
            if (chain.Hook is not { } hook)
            {
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([name]);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (!seen.Add(current) || !s.Chains.TryGetValue(current, out var state))
                {
                    continue;
                }

                foreach (var rule in state.Rules)
                {
                    var invalid = rule switch
                    {
                        DnatRule => hook.Type != "nat" || hook.Hook is not ("prerouting" or "output"),
                        MasqueradeRule => hook.Type != "nat" || hook.Hook != "postrouting",
                        RejectRule => hook.Type != "filter" || hook.Hook is not ("input" or "forward" or "output"),
                        _ => false,
                    };
                    if (invalid)
                    {
                        return $"Error: Could not process rule: Operation not supported ({rule.Render()} in chain {current} reachable from {hook.Type} hook {hook.Hook})";
                    }

                    foreach (var next in rule.ChainReferences)
                    {
                        pending.Push(next);
                    }

                    foreach (var map in rule.MapReferences)
                    {
                        foreach (var verdict in s.Maps.TryGetValue(map, out var m) ? m.Elements.Values : Enumerable.Empty<NftVerdict>())
                        {
                            if (verdict.Chain is { } target)
                            {
                                pending.Push(target);
                            }
                        }
                    }
                }
            }
        }

        return null;
    }
}
