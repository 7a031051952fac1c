using System.Collections.Immutable;

namespace Weft.Datapath.Nftables;

/// <summary>
/// A verdict map. Keys are kept in nft's own text form (<c>10.96.0.5 . tcp . 80</c>) so that the renderer,
/// the fake and the packet tracer agree on one canonical spelling.
/// </summary>
public sealed record NftMap(string Name, string KeyType, ImmutableSortedDictionary<string, NftVerdict> Elements)
{
    public string Declaration => $"type {KeyType} : verdict ;";
}
