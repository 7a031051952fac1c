using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Interop;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Linux.Nftables;

/// <summary>
/// <see cref="INftables"/> on the real kernel: every transaction is one nft batch (all or nothing), run in process
/// through libnftables on a thread inside the namespace (<see cref="NftablesSession"/>), or, when the library is
/// missing or a process runner is given, as <c>ip netns exec NS nft -f -</c>. Both take the same text and fail
/// alike (operation, return code, nft's error text). It only ever runs inside the given network namespace —
/// Weft never programs the host's own namespace.
/// </summary>
public sealed class NetnsNftables(string networkNamespace, IProcessRunner? runner = null) : INftables, IDisposable
{
    // A full sync of 10,000 services is a 24 MB script; give nft time on a loaded machine.
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(5);

    private readonly IProcessRunner runner = runner ?? SystemProcessRunner.Instance;

    private readonly NftablesSession? session = runner is null && LibNftables.IsAvailable && !string.IsNullOrWhiteSpace(networkNamespace)
        ? new NftablesSession(NetnsRef.Named(networkNamespace))
        : null;

    public string NetworkNamespace { get; } = !string.IsNullOrWhiteSpace(networkNamespace)
        ? networkNamespace
        : throw new ArgumentException("a network namespace is required", nameof(networkNamespace));

    /// <summary>Whether transactions run in process (libnftables) rather than as an <c>nft</c> process.</summary>
    public bool InProcess => session is not null;

    public async Task<NftApplyResult> ApplyAsync(NftTransaction transaction, CancellationToken cancellationToken)
    {
        if (transaction.IsEmpty)
        {
            return NftApplyResult.Ok;
        }

        if (session is not null)
        {
            NftablesRun run;
            try
            {
                run = await session.RunAsync(transaction.Render(), cancellationToken);
            }
            catch (KernelOperationException e)
            {
                return NftApplyResult.Failed($"nft -f in {NetworkNamespace} (libnftables) failed: {e.Message}");
            }

            return run.Succeeded
                ? NftApplyResult.Ok
                : NftApplyResult.Failed($"nft -f in {NetworkNamespace} (libnftables) returned {run.ReturnCode}: {Excerpt(run.Error)}");
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
        if (session is not null)
        {
            var command = $"list table {table.Family} {table.Name}";
            var run = await session.RunAsync(command, cancellationToken);
            if (run.Succeeded)
            {
                return run.Output;
            }

            return run.Error.Contains("No such file or directory", StringComparison.Ordinal)
                ? null
                : throw new KernelOperationException($"nft {command} in {NetworkNamespace} (libnftables)", run.ReturnCode, run.Error);
        }

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

    /// <summary>Ends the in-process session's thread (it also ends by itself when idle).</summary>
    public void Dispose() => session?.Dispose();

    private static string Excerpt(string text) => text.Length <= 600 ? text.Trim() : string.Concat(text.AsSpan(0, 600), " …").Trim();
}
