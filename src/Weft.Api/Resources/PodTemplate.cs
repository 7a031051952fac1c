using System.Collections.Immutable;

namespace Weft.Api.Resources;

public sealed record PodTemplate
{
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public ImmutableSortedDictionary<string, string> Annotations { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public required PodSpec Spec { get; init; }
}
