using Weft.Datapath.Nftables;

namespace Weft.Datapath.Ports;

/// <summary>
/// The nftables port: applies one transaction atomically and lists a table. Implemented by the Linux layer
/// (<c>nft -f -</c> in the node's network namespace) and by <see cref="Testing.InMemoryNftables"/> for tests.
/// </summary>
public interface INftables
{
    /// <summary>Applies the whole transaction or nothing. A kernel refusal is a result, not an exception.</summary>
    Task<NftApplyResult> ApplyAsync(NftTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The table as <c>nft list table</c> prints it, or null when it does not exist.</summary>
    Task<string?> ListTableAsync(NftTable table, CancellationToken cancellationToken);
}
