using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// The policy datapath of one node: the ipcache (address → peer class); per local pod and direction, the profile
/// of each peer class that differs from the default, and the default; the profiles; the rules whose ids appear
/// in them (for the flow enricher); the pods that failed closed and why.
/// </summary>
public sealed record NodePolicyPlan(
    PolicyIpcache Ipcache,
    ImmutableArray<PodDirectionPlan> Directions,
    ImmutableSortedDictionary<uint, PolicyProfile> Profiles,
    ImmutableSortedDictionary<uint, PolicyRuleDescriptor> Rules,
    ImmutableSortedDictionary<string, string> FailedPods)
{
    public static NodePolicyPlan Empty { get; } = new(
        PolicyIpcache.Empty,
        [],
        ImmutableSortedDictionary<uint, PolicyProfile>.Empty,
        ImmutableSortedDictionary<uint, PolicyRuleDescriptor>.Empty,
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Map elements the plan programs: ipcache, per-pod class entries, profile port entries, pod defaults.</summary>
    public int ElementCount =>
        Ipcache.Addresses.Count + Ipcache.Ranges.Length + Directions.Sum(d => d.Profiles.Count + (d.Default.Action == PolicyAction.Allow ? 0 : 1))
        + Profiles.Values.Sum(p => p.Entries.Length);
}
