using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>The subset of Kubernetes ObjectMeta that Weft reads.</summary>
public sealed record ObjectMeta
{
    public required string Name { get; init; }

    /// <summary>The namespace; empty for cluster-scoped kinds. Namespaced kinds default to "default" when decoded.</summary>
    public string Namespace { get; init; } = "";

    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public ImmutableSortedDictionary<string, string> Annotations { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}
