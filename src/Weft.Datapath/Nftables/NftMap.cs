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
/// <remarks>
/// <see cref="ValueType"/> is <c>verdict</c> for verdict maps, or a data type (<c>mark</c>) for data maps whose
/// elements hold <see cref="NftVerdict.Value"/>s.
/// </remarks>
public sealed record NftMap(string Name, string KeyType, ImmutableSortedDictionary<string, NftVerdict> Elements, string? Flags = null, string ValueType = NftMap.Verdict)
{
    public const string Verdict = "verdict";

    public string Declaration => Flags is null ? $"type {KeyType} : {ValueType} ;" : $"type {KeyType} : {ValueType} ; flags {Flags} ;";
}
