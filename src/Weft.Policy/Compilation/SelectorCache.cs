using Weft.Api.Selectors;
using Weft.Policy.Identities;

namespace Weft.Policy.Compilation;

/// <summary>
/// Resolves each distinct selector to the identities it selects exactly once per snapshot (as Cilium's
/// SelectorCache does), so that thousands of policies sharing selectors cost one evaluation each.
/// </summary>
internal sealed class SelectorCache(IdentityTable table)
{
    private readonly Dictionary<LabelSelector, int[]> namespaceMatches = [];
    private readonly Dictionary<SelectionKey, IdentitySet> selections = [];

    public IdentityTable Table => table;

    /// <summary>Namespace indices whose labels match <paramref name="selector"/>.</summary>
    public int[] MatchingNamespaces(LabelSelector selector)
    {
        if (!namespaceMatches.TryGetValue(selector, out var matches))
        {
            var list = new List<int>();
            foreach (var ns in table.Namespaces)
            {
                if (selector.Matches(ns.Labels))
                {
                    list.Add(ns.Index);
                }
            }

            matches = [.. list];
            namespaceMatches[selector] = matches;
        }

        return matches;
    }

    /// <summary>
    /// Identities in namespace <paramref name="namespaceName"/> (when given) or in namespaces matching
    /// <paramref name="namespaceSelector"/> (when given; both null means every namespace), whose pod labels
    /// match <paramref name="podSelector"/> (null means every pod).
    /// </summary>
    public IdentitySet Select(string? namespaceName, LabelSelector? namespaceSelector, LabelSelector? podSelector)
    {
        var key = new SelectionKey(namespaceName, namespaceSelector, podSelector);
        if (selections.TryGetValue(key, out var set))
        {
            return set;
        }

        int[] namespaces;
        if (namespaceName is not null)
        {
            namespaces = table.NamespaceIndex.TryGetValue(namespaceName, out var index) ? [index] : [];
        }
        else if (namespaceSelector is not null)
        {
            namespaces = MatchingNamespaces(namespaceSelector);
        }
        else
        {
            namespaces = [.. Enumerable.Range(0, table.Namespaces.Length)];
        }

        var ids = new List<int>();
        foreach (var ns in namespaces)
        {
            foreach (var id in table.IdentitiesByNamespace[ns])
            {
                if (podSelector is null || podSelector.Matches(table.Identities[id].Labels))
                {
                    ids.Add(id);
                }
            }
        }

        ids.Sort();
        set = IdentitySet.FromSorted([.. ids], table.Identities.Length);
        selections[key] = set;
        return set;
    }

    private readonly record struct SelectionKey(string? Namespace, LabelSelector? NamespaceSelector, LabelSelector? PodSelector);
}
