using System.Collections.Immutable;

namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>numgen random mod N vmap { 0 : goto a , … }</c>: uniform choice among endpoint chains in one rule.</summary>
public sealed record RandomEndpointRule(ImmutableArray<string> EndpointChains) : NftRule
{
    public override string Render() =>
        $"numgen random mod {EndpointChains.Length} vmap {{ {string.Join(" , ", EndpointChains.Select((c, i) => $"{i} : goto {c}"))} }}";

    public override IEnumerable<string> ChainReferences => EndpointChains;
}
