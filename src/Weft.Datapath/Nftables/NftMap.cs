using System.Collections.Immutable;

namespace Weft.Datapath.Nftables;

/// <summary>
/// A verdict map. Keys are kept in nft's own text form (<c>10.96.0.5 . tcp . 80</c>) so that the renderer,
/// the fake and the packet tracer agree on one canonical spelling.
/// </summary>
/// <remarks>
/// <see cref="Flags"/> is <c>interval</c> for maps whose keys hold address ranges or port ranges (the policy
/// datapath's concatenated range maps); such keys must not overlap, as the kernel refuses overlapping ranges.
/// </remarks>
public sealed record NftMap(string Name, string KeyType, ImmutableSortedDictionary<string, NftVerdict> Elements, string? Flags = null)
{
    public string Declaration => Flags is null ? $"type {KeyType} : verdict ;" : $"type {KeyType} : verdict ; flags {Flags} ;";
}
