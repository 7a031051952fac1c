using System.Collections.Immutable;

namespace Weft.Policy.Identities;

/// <summary>The namespaces and identities of one snapshot, with the identities of each namespace.</summary>
internal sealed class IdentityTable
{
    public IdentityTable(ImmutableArray<NamespaceInfo> namespaces, ImmutableArray<Identity> identities)
    {
        Namespaces = namespaces;
        Identities = identities;
        NamespaceIndex = namespaces.ToDictionary(n => n.Name, n => n.Index, StringComparer.Ordinal);
        var perNamespace = new List<int>[namespaces.Length];
        for (var i = 0; i < perNamespace.Length; i++)
        {
            perNamespace[i] = [];
        }

        foreach (var identity in identities)
        {
            perNamespace[identity.NamespaceIndex].Add(identity.Id);
        }

        IdentitiesByNamespace = [.. perNamespace.Select(l => l.ToArray())];
    }

    public ImmutableArray<NamespaceInfo> Namespaces { get; }

    public ImmutableArray<Identity> Identities { get; }

    public Dictionary<string, int> NamespaceIndex { get; }

    /// <summary>Identity ids per namespace index, ascending.</summary>
    public ImmutableArray<int[]> IdentitiesByNamespace { get; }
}
