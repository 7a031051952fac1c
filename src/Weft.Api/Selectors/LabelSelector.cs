using System.Collections.Immutable;

namespace Weft.Api.Selectors;

/// <summary>
/// A Kubernetes label selector: all matchLabels and all matchExpressions must hold (AND).
/// The empty selector matches everything; absence of a selector is modelled by null at the use site.
/// </summary>
public sealed record LabelSelector
{
    public static LabelSelector Everything { get; } = new();

    public ImmutableSortedDictionary<string, string> MatchLabels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public ImmutableArray<LabelSelectorRequirement> MatchExpressions { get; init; } = [];

    public bool IsEmpty => MatchLabels.IsEmpty && MatchExpressions.IsDefaultOrEmpty;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>kubectl's selector syntax, e.g. <c>app=web,tier in (a,b),!legacy</c>; empty string for the empty selector.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        foreach (var (key, value) in MatchLabels)
        {
            parts.Add($"{key}={value}");
        }

        foreach (var requirement in MatchExpressions)
        {
            parts.Add(requirement.ToString());
        }

        return string.Join(",", parts);
    }

    public bool Equals(LabelSelector? other) =>
        other is not null
        && MatchLabels.SequenceEqual(other.MatchLabels)
        && MatchExpressions.AsSpan().SequenceEqual(other.MatchExpressions.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        // KeyValuePair has no GetHashCode of its own (ValueType's hashes only the first field), so hash both parts:
        // otherwise every selector on the same label key collides, which made policy compilation ~10x slower.
        foreach (var (key, value) in MatchLabels)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        foreach (var requirement in MatchExpressions)
        {
            hash.Add(requirement);
        }

        return hash.ToHashCode();
    }
}
