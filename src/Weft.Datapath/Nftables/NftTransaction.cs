using System.Collections.Immutable;
using System.Text;

namespace Weft.Datapath.Nftables;

/// <summary>
/// An ordered list of operations on one table, applied atomically by one <c>nft -f</c> run: the kernel commits
/// all of it or none of it, so packets never see a half-updated ruleset.
/// </summary>
public sealed record NftTransaction(NftTable Table, ImmutableArray<NftOperation> Operations, bool IsFullResync)
{
    public bool IsEmpty => Operations.IsDefaultOrEmpty;

    /// <summary>The transaction as an <c>nft -f</c> script.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var operation in Operations)
        {
            text.Append(operation.Render(Table)).Append('\n');
        }

        return text.ToString();
    }
}
