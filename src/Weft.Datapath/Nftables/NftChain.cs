using System.Collections.Immutable;
using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Nftables;

/// <summary>A chain and its rules, in order. <see cref="Hook"/> is set for base chains.</summary>
public sealed record NftChain(string Name, ImmutableArray<NftRule> Rules, NftHook? Hook = null)
{
    /// <summary>Content equality: same hook and the same rule text in the same order.</summary>
    public bool SameContentAs(NftChain other) =>
        Equals(Hook, other.Hook) && Rules.Length == other.Rules.Length
        && Rules.Select(r => r.Render()).SequenceEqual(other.Rules.Select(r => r.Render()), StringComparer.Ordinal);
}
