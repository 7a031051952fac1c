using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Linux.Nftables;

/// <summary>
/// <see cref="INftables"/> on the real kernel: every transaction is one <c>ip netns exec NS nft -f -</c> run,
/// which nft commits as a single netlink batch (all or nothing). It only ever runs inside the given network
/// namespace — Weft never programs the host's own namespace.
/// </summary>
public sealed class NetnsNftables(string networkNamespace, IProcessRunner? runner = null) : INftables
{
    // A full sync of 10,000 services is a 24 MB script; give nft time on a loaded machine.
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);

    private readonly IProcessRunner runner = runner ?? SystemProcessRunner.Instance;

    public string NetworkNamespace { get; } = !string.IsNullOrWhiteSpace(networkNamespace)
        ? networkNamespace
        : throw new ArgumentException("a network namespace is required", nameof(networkNamespace));

    public async Task<NftApplyResult> ApplyAsync(NftTransaction transaction, CancellationToken cancellationToken)
    {
        if (transaction.IsEmpty)
        {
            return NftApplyResult.Ok;
        }

        var result = await runner.RunAsync(new ProcessRequest
        {
            FileName = "ip",
            Arguments = ["netns", "exec", NetworkNamespace, "nft", "-f", "-"],
            StandardInput = transaction.Render(),
            Timeout = ApplyTimeout,
        }, cancellationToken);
        return result.Succeeded
            ? NftApplyResult.Ok
            : NftApplyResult.Failed($"nft -f in {NetworkNamespace} {(result.TimedOut ? "timed out" : $"exited {result.ExitCode}")}: {Excerpt(result.StandardError)}");
    }

    public async Task<string?> ListTableAsync(NftTable table, CancellationToken cancellationToken)
    {
        var request = new ProcessRequest { FileName = "ip", Arguments = ["netns", "exec", NetworkNamespace, "nft", "list", "table", table.Family, table.Name] };
        var result = await runner.RunAsync(request, cancellationToken);
        if (result.Succeeded)
        {
            return result.StandardOutput;
        }

        if (result.StandardError.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return null;
        }

        throw new KernelOperationException(request.Describe(), result.ExitCode, result.StandardError);
    }

    private static string Excerpt(string text) => text.Length <= 600 ? text.Trim() : string.Concat(text.AsSpan(0, 600), " …").Trim();
}
