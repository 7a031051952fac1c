using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// The policy datapath of one node: per local pod and direction, its verdict entries and default; the rules
/// whose ids appear in them (for the flow enricher); the pods that failed closed and why.
/// </summary>
public sealed record NodePolicyPlan(
    ImmutableArray<PodDirectionPlan> Directions,
    ImmutableSortedDictionary<uint, PolicyRuleDescriptor> Rules,
    ImmutableSortedDictionary<string, string> FailedPods)
{
    public static NodePolicyPlan Empty { get; } = new([], ImmutableSortedDictionary<uint, PolicyRuleDescriptor>.Empty, ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));
}
