using System.Collections.Immutable;

namespace Weft.Api.Selectors;

/// <summary>One matchExpressions entry.</summary>
public sealed record LabelSelectorRequirement
{
    public required string Key { get; init; }

    public required SelectorOperator Operator { get; init; }

    /// <summary>Non-empty for In and NotIn, empty for Exists and DoesNotExist (validated at decode time).</summary>
    public ImmutableArray<string> Values { get; init; } = [];

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.In => has && Values.Contains(value!),
            // NotIn matches objects without the key too, as in apimachinery's labels.Selector.
            SelectorOperator.NotIn => !has || !Values.Contains(value!),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        SelectorOperator.In => $"{Key} in ({string.Join(",", Values)})",
        SelectorOperator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
        SelectorOperator.Exists => Key,
        SelectorOperator.DoesNotExist => $"!{Key}",
        _ => Key,
    };

    public bool Equals(LabelSelectorRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && Values.AsSpan().SequenceEqual(other.Values.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key);
        hash.Add(Operator);
        foreach (var value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
