using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Linux.Nftables;

/// <summary>
/// <see cref="INftables"/> on the real kernel: every transaction is one <c>ip netns exec NS nft -f -</c> run,
/// which nft commits as a single netlink batch (all or nothing). It only ever runs inside the given network
/// namespace — Weft never programs the host's own namespace.
/// </summary>
public sealed class NetnsNftables(string networkNamespace, CommandRunner? runner = null) : INftables
{
    private readonly CommandRunner runner = runner ?? new CommandRunner();

    public string NetworkNamespace { get; } = !string.IsNullOrWhiteSpace(networkNamespace)
        ? networkNamespace
        : throw new ArgumentException("a network namespace is required", nameof(networkNamespace));

    public async Task<NftApplyResult> ApplyAsync(NftTransaction transaction, CancellationToken cancellationToken)
    {
        if (transaction.IsEmpty)
        {
            return NftApplyResult.Ok;
        }

        var result = await runner.RunAsync("ip", ["netns", "exec", NetworkNamespace, "nft", "-f", "-"], transaction.Render(), cancellationToken);
        return result.ExitCode == 0
            ? NftApplyResult.Ok
            : NftApplyResult.Failed($"nft -f in {NetworkNamespace} exited {result.ExitCode}: {result.ErrorExcerpt}");
    }

    public async Task<string?> ListTableAsync(NftTable table, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync("ip", ["netns", "exec", NetworkNamespace, "nft", "list", "table", table.Family, table.Name], null, cancellationToken);
        if (result.ExitCode == 0)
        {
            return result.StandardOutput;
        }

        if (result.StandardError.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return null;
        }

        throw new InvalidOperationException($"nft list table {table} in {NetworkNamespace} exited {result.ExitCode}: {result.ErrorExcerpt}");
    }
}
