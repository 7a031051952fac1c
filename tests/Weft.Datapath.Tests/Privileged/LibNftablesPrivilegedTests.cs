using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Nftables;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>
/// <see cref="NetnsNftables"/> through libnftables in process, in a namespace this test creates (<c>wtlat-</c>)
/// and deletes: transactions land in that namespace (not the host's), fail atomically with nft's error text,
/// and read back exactly as the <c>ip netns exec … nft</c> process fallback reads them.
/// </summary>
public sealed class LibNftablesPrivilegedTests : IAsyncLifetime
{
    private readonly string ns = $"wtlat-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly NftTable table = new("inet", $"wtlat-{Guid.NewGuid().ToString("N")[..6]}");
    private bool created;

    public async Task InitializeAsync()
    {
        if (Environment.UserName == "root")
        {
            await Run("ip", "netns", "add", ns);
            created = true;
        }
    }

    public async Task DisposeAsync()
    {
        if (created)
        {
            await Run("ip", "netns", "del", ns);
        }
    }

    [PrivilegedFact]
    public async Task ApplyAsync_InProcess_CommitsInTheNamespaceAndListsLikeTheNftProcess()
    {
        using var nft = new NetnsNftables(ns);
        nft.InProcess.ShouldBeTrue("libnftables1 is a dependency of nftables");

        var result = await nft.ApplyAsync(Transaction(new NftOperation.AddTable(), new NftOperation.AddChain("input", new NftHook("filter", "input", 0))), CancellationToken.None);

        result.Success.ShouldBeTrue(result.Error);
        var listed = await nft.ListTableAsync(table, CancellationToken.None);
        listed.ShouldNotBeNull().ShouldContain("chain input");
        listed.ShouldBe(await new NetnsNftables(ns, SystemProcessRunner.Instance).ListTableAsync(table, CancellationToken.None));
        (await Run("nft", "list", "tables")).ShouldNotContain(table.Name);
    }

    [PrivilegedFact]
    public async Task ApplyAsync_InProcess_RefusedBatchIsAResultWithNftsErrorAndChangesNothing()
    {
        using var nft = new NetnsNftables(ns);

        var result = await nft.ApplyAsync(Transaction(new NftOperation.AddTable(), new NftOperation.DeleteChain("absent")), CancellationToken.None);

        result.Success.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldStartWith($"nft -f in {ns} (libnftables) returned -1: Error:");
        result.Error.ShouldContain("No such file or directory");
        (await nft.ListTableAsync(table, CancellationToken.None)).ShouldBeNull();
    }

    [PrivilegedFact]
    public async Task ApplyAsync_InProcess_ManyTransactionsFromManyTasksAllCommitInOrderOfSubmission()
    {
        using var nft = new NetnsNftables(ns);
        (await nft.ApplyAsync(Transaction(new NftOperation.AddTable()), CancellationToken.None)).Success.ShouldBeTrue();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => nft.ApplyAsync(Transaction(new NftOperation.AddChain($"c{i}")), CancellationToken.None))));

        results.ShouldAllBe(r => r.Success);
        var listed = await nft.ListTableAsync(table, CancellationToken.None);
        Enumerable.Range(0, 20).ShouldAllBe(i => listed!.Contains($"chain c{i} ", StringComparison.Ordinal));
    }

    private NftTransaction Transaction(params NftOperation[] operations) => new(table, [.. operations], false);

    private static async Task<string> Run(string file, params string[] arguments)
    {
        var result = await SystemProcessRunner.Instance.RunAsync(new() { FileName = file, Arguments = arguments }, CancellationToken.None);
        result.Succeeded.ShouldBeTrue($"{file} {string.Join(' ', arguments)}: {result.StandardError}");
        return result.StandardOutput;
    }
}
