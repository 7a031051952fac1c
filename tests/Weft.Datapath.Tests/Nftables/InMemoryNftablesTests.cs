using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;
using Weft.Datapath.Testing;

namespace Weft.Datapath.Tests.Nftables;

/// <summary>The fake must refuse what the kernel refuses, or the incremental planner's tests prove nothing.</summary>
public sealed class InMemoryNftablesTests
{
    private static readonly NftTable Table = NftTable.Default;

    private static async Task<string?> Apply(InMemoryNftables nft, params NftOperation[] ops) =>
        (await nft.ApplyAsync(new NftTransaction(Table, [.. ops], false), CancellationToken.None)).Error;

    private static async Task<InMemoryNftables> WithChainsAsync()
    {
        var nft = new InMemoryNftables();
        (await Apply(nft, new NftOperation.AddTable(), new NftOperation.AddChain("a"), new NftOperation.AddChain("b"),
            new NftOperation.AddMap("m", "inet_proto . inet_service"))).ShouldBeNull();
        return nft;
    }

    [Fact]
    public async Task Apply_DeleteMissingTable_Fails()
    {
        (await Apply(new InMemoryNftables(), new NftOperation.DeleteTable())).ShouldNotBeNull();
    }

    [Fact]
    public async Task Apply_DeleteChainStillJumpedTo_FailsAndChangesNothing()
    {
        var nft = await WithChainsAsync();
        (await Apply(nft, new NftOperation.AddRule("a", new VerdictRule(NftVerdict.Jump("b"))))).ShouldBeNull();
        var before = nft.Dump();

        var error = await Apply(nft, new NftOperation.AddChain("c"), new NftOperation.DeleteChain("b"));

        error.ShouldNotBeNull().ShouldContain("busy");
        nft.Dump().ShouldBe(before);
    }

    [Fact]
    public async Task Apply_DeleteChainReferencedByMapElement_Fails()
    {
        var nft = await WithChainsAsync();
        (await Apply(nft, new NftOperation.AddElement("m", "tcp . 80", NftVerdict.Goto("b")))).ShouldBeNull();

        (await Apply(nft, new NftOperation.DeleteChain("b"))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Apply_ElementWithOtherVerdictForExistingKey_Fails()
    {
        var nft = await WithChainsAsync();
        (await Apply(nft, new NftOperation.AddElement("m", "tcp . 80", NftVerdict.Goto("a")))).ShouldBeNull();

        (await Apply(nft, new NftOperation.AddElement("m", "tcp . 80", NftVerdict.Goto("b")))).ShouldNotBeNull();
        (await Apply(nft, new NftOperation.AddElement("m", "tcp . 80", NftVerdict.Goto("a")))).ShouldBeNull();
    }

    [Fact]
    public async Task Apply_DeleteMissingElement_Fails()
    {
        (await Apply(await WithChainsAsync(), new NftOperation.DeleteElement("m", "tcp . 80"))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Apply_RuleToMissingChain_Fails()
    {
        (await Apply(await WithChainsAsync(), new NftOperation.AddRule("a", new VerdictRule(NftVerdict.Goto("nope"))))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Apply_DnatReachableFromFilterHook_FailsLikeTheKernel()
    {
        var nft = await WithChainsAsync();

        var error = await Apply(nft,
            new NftOperation.AddChain("in", new NftHook("filter", "input", 0)),
            new NftOperation.AddRule("in", new VerdictRule(NftVerdict.Jump("a"))),
            new NftOperation.AddRule("a", new DnatRule(Protocol.Tcp, IPAddress.Parse("10.0.0.1"), 80)));

        error.ShouldNotBeNull().ShouldContain("Operation not supported");
    }

    [Fact]
    public async Task Apply_DeleteSetUsedByRule_Fails()
    {
        var nft = await WithChainsAsync();
        (await Apply(nft, new NftOperation.AddSet(new NftSet("s", 60)), new NftOperation.AddRule("a", new AffinityUpdateRule("s")))).ShouldBeNull();

        (await Apply(nft, new NftOperation.DeleteSet("s"))).ShouldNotBeNull();
        (await Apply(nft, new NftOperation.FlushChain("a"), new NftOperation.DeleteSet("s"))).ShouldBeNull();
    }

    [Fact]
    public void Transaction_Render_IsAnNftScript()
    {
        var tx = new NftTransaction(Table, ImmutableArray.Create<NftOperation>(
            new NftOperation.AddElement("service-ips", "10.96.0.5 . tcp . 80", NftVerdict.Goto("svc-X")),
            new NftOperation.DeleteElement("service-ips", "10.96.0.6 . udp . 53")), false);

        tx.Render().ShouldBe("add element ip weft service-ips { 10.96.0.5 . tcp . 80 : goto svc-X }\ndelete element ip weft service-ips { 10.96.0.6 . udp . 53 }\n");
    }
}
