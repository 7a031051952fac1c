using System.Collections.Immutable;

namespace Weft.Datapath.Nftables;

/// <summary>
/// The complete desired content of Weft's table: every chain, verdict map and affinity set. Transactions are
/// computed by comparing two rulesets (<see cref="NftTransactionPlanner"/>).
/// </summary>
public sealed record NftRuleset
{
    public required NftTable Table { get; init; }

    public ImmutableSortedDictionary<string, NftChain> Chains { get; init; } = ImmutableSortedDictionary<string, NftChain>.Empty.WithComparers(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, NftMap> Maps { get; init; } = ImmutableSortedDictionary<string, NftMap>.Empty.WithComparers(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, NftSet> Sets { get; init; } = ImmutableSortedDictionary<string, NftSet>.Empty.WithComparers(StringComparer.Ordinal);
}
