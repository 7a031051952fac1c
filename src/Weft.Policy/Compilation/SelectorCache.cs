using Weft.Api.Selectors;
using Weft.Policy.Identities;

namespace Weft.Policy.Compilation;

/// <summary>
/// Resolves each distinct selector to the identities it selects exactly once per snapshot (as Cilium's
/// SelectorCache does), so that thousands of policies sharing selectors cost one evaluation each.
/// </summary>
internal sealed class SelectorCache
{
    private readonly IdentityTable table;
    private readonly Dictionary<string, int[]> namespaceMatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SelectorMatcher> matchers = new(StringComparer.Ordinal);
    private readonly Dictionary<SelectionKey, IdentitySet> selections = [];
    private readonly Dictionary<string, string>[] namespaceLabels;
    private readonly Dictionary<string, string>[] identityLabels;

    public SelectorCache(IdentityTable table)
    {
        this.table = table;
        namespaceLabels = [.. table.Namespaces.Select(n => new Dictionary<string, string>(n.Labels, StringComparer.Ordinal))];
        identityLabels = [.. table.Identities.Select(i => new Dictionary<string, string>(i.Labels, StringComparer.Ordinal))];
    }

    public IdentityTable Table => table;

    /// <summary>Namespace indices whose labels match <paramref name="selector"/>.</summary>
    public int[] MatchingNamespaces(LabelSelector selector) => MatchingNamespaces(selector, SelectorKey.Of(selector));

    private int[] MatchingNamespaces(LabelSelector selector, string selectorKey)
    {
        if (!namespaceMatches.TryGetValue(selectorKey, out var matches))
        {
            if (selector.MatchExpressions.IsDefaultOrEmpty && selector.MatchLabels.Count == 1
                && selector.MatchLabels.TryGetValue(NamespaceInfo.NameLabel, out var name))
            {
                // The most common namespace selector names one namespace: a lookup, not a scan.
                matches = table.NamespaceIndex.TryGetValue(name, out var index) ? [index] : [];
            }
            else
            {
                var matcher = MatcherFor(selector, selectorKey);
                var list = new List<int>();
                for (var ns = 0; ns < namespaceLabels.Length; ns++)
                {
                    if (matcher.Matches(namespaceLabels[ns]))
                    {
                        list.Add(ns);
                    }
                }

                matches = [.. list];
            }

            namespaceMatches[selectorKey] = matches;
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
        var namespaceKey = namespaceSelector is null ? null : SelectorKey.Of(namespaceSelector);
        var podKey = podSelector is null ? null : SelectorKey.Of(podSelector);
        var key = new SelectionKey(namespaceName, namespaceKey, podKey);
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
            namespaces = MatchingNamespaces(namespaceSelector, namespaceKey!);
        }
        else
        {
            namespaces = [.. Enumerable.Range(0, table.Namespaces.Length)];
        }

        var ids = new List<int>();
        var podMatcher = podSelector is null || podSelector.IsEmpty ? null : MatcherFor(podSelector, podKey!);
        foreach (var ns in namespaces)
        {
            foreach (var id in table.IdentitiesByNamespace[ns])
            {
                if (podMatcher is null || podMatcher.Matches(identityLabels[id]))
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

    private SelectorMatcher MatcherFor(LabelSelector selector, string selectorKey)
    {
        if (!matchers.TryGetValue(selectorKey, out var matcher))
        {
            matcher = new SelectorMatcher(selector);
            matchers[selectorKey] = matcher;
        }

        return matcher;
    }

    private readonly record struct SelectionKey(string? Namespace, string? NamespaceSelector, string? PodSelector);
}
