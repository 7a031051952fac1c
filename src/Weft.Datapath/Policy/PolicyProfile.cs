using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// What one local pod-direction decides for one peer class, shared by every (pod, class) pair that decides alike:
/// the (protocol, port range) entries that differ from <see cref="Default"/>, and the default itself (the pod
/// direction's default, which also covers protocols without ports). <see cref="Id"/> is a stable hash of the content.
/// </summary>
public sealed record PolicyProfile(uint Id, PolicyDecision Default, ImmutableArray<PolicyEntry> Entries)
{
    /// <summary>The canonical text the id is derived from.</summary>
    public static string KeyOf(PolicyDecision @default, IEnumerable<PolicyEntry> entries) =>
        $"{@default}|{string.Join(",", entries.Select(e => $"{e.Protocol}/{e.Ports}/{e.Decision}"))}";
}
