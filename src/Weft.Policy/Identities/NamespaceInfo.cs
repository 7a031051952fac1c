using System.Collections.Immutable;

namespace Weft.Policy.Identities;

/// <summary>A namespace as selectors see it: its labels always include <c>kubernetes.io/metadata.name</c>.</summary>
public sealed record NamespaceInfo(int Index, string Name, ImmutableSortedDictionary<string, string> Labels)
{
    /// <summary>The label the API server sets on every namespace (immutable, since Kubernetes 1.22).</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";
}
