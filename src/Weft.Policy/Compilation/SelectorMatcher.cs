using Weft.Api.Selectors;

namespace Weft.Policy.Compilation;

/// <summary>
/// A label selector flattened into arrays, matched against labels held in a hash map: selector resolution
/// runs it millions of times on large clusters, where walking immutable sorted dictionaries would dominate.
/// Same semantics as <see cref="LabelSelector.Matches"/>.
/// </summary>
internal sealed class SelectorMatcher
{
    private readonly KeyValuePair<string, string>[] labels;
    private readonly LabelSelectorRequirement[] expressions;

    public SelectorMatcher(LabelSelector selector)
    {
        labels = [.. selector.MatchLabels];
        expressions = selector.MatchExpressions.IsDefault ? [] : [.. selector.MatchExpressions];
    }

    public bool Matches(Dictionary<string, string> target)
    {
        foreach (var (key, value) in labels)
        {
            if (!target.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var requirement in expressions)
        {
            if (!requirement.Matches(target))
            {
                return false;
            }
        }

        return true;
    }
}
