using Weft.Flows.Query;
using Weft.Flows.Store;

namespace Weft.Flows.Tests.Store;

public sealed class FlowStoreTests
{
    [Fact]
    public void Add_BeyondCapacity_OverwritesOldestAndCountsLostFlows()
    {
        var store = new FlowStore("n1", capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            store.Add(Flows.Numbered(i));
        }

        store.TotalFlows.ShouldBe(10);
        store.LostFlows.ShouldBe(6);
        var result = store.Query(FlowFilter.All);
        result.Flows.Select(f => f.Source.PodName).ShouldBe(["p6", "p7", "p8", "p9"]);
        result.LostFlows.ShouldBe(6);
        result.Cursor.ShouldBe(10);
    }

    [Fact]
    public void Add_WithinCapacity_LosesNothing()
    {
        var store = new FlowStore("n1", capacity: 8);
        for (var i = 0; i < 8; i++)
        {
            store.Add(Flows.Numbered(i));
        }

        store.LostFlows.ShouldBe(0);
        store.Query(FlowFilter.All).Flows.Count.ShouldBe(8);
    }

    [Fact]
    public void Query_Last_ReturnsNewestMatchesOldestFirst()
    {
        var store = new FlowStore("n1", capacity: 16);
        for (var i = 0; i < 10; i++)
        {
            store.Add(Flows.Numbered(i));
        }

        store.Query(FlowFilter.All, last: 3).Flows.Select(f => f.Source.PodName).ShouldBe(["p7", "p8", "p9"]);
    }

    [Fact]
    public async Task Follow_FromCursor_YieldsOnlyFlowsAddedAfterIt()
    {
        var store = new FlowStore("n1", capacity: 16);
        store.Add(Flows.Numbered(0));
        var cursor = store.Cursor;
        using var cancel = new CancellationTokenSource();
        var received = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var item in store.FollowAsync(FlowFilter.All, cursor, cancel.Token))
            {
                received.Add(item.Flow!.Source.PodName!);
                if (received.Count == 2)
                {
                    break;
                }
            }
        });

        store.Add(Flows.Numbered(1));
        store.Add(Flows.Numbered(2));
        await reading.WaitAsync(TimeSpan.FromSeconds(30));
        received.ShouldBe(["p1", "p2"]);
    }

    [Fact]
    public async Task Follow_FilterGiven_SkipsNonMatchingFlows()
    {
        var store = new FlowStore("n1", capacity: 16);
        var filter = new FlowFilter { Verdict = FlowVerdict.Dropped };
        var reading = Task.Run(async () =>
        {
            await foreach (var item in store.FollowAsync(filter, 0))
            {
                return item;
            }

            return null;
        });

        store.Add(Flows.Numbered(1));
        store.Add(Flows.Numbered(2) with { Verdict = FlowVerdict.Dropped });
        var first = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        first!.Flow!.Source.PodName.ShouldBe("p2");
    }

    [Fact]
    public async Task Follow_ReaderFallsMoreThanARingBehind_YieldsLostNoticeThenContinues()
    {
        var store = new FlowStore("n1", capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            store.Add(Flows.Numbered(i));
        }

        var items = new List<FlowStreamItem>();
        await foreach (var item in store.FollowAsync(FlowFilter.All, cursor: 0))
        {
            items.Add(item);
            if (items.Count == 5)
            {
                break;
            }
        }

        items[0].Flow.ShouldBeNull();
        items[0].LostFlows.ShouldBe(6);
        items.Skip(1).Select(i => i.Flow!.Source.PodName).ShouldBe(["p6", "p7", "p8", "p9"]);
    }

    [Fact]
    public async Task Add_ConcurrentWriters_KeepsEveryFlowWithUniqueSequence()
    {
        var store = new FlowStore("n1", capacity: 10_000);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                store.Add(Flows.Numbered(w * 10_000 + i));
            }
        })));

        store.TotalFlows.ShouldBe(8_000);
        store.Query(FlowFilter.All).Flows.Select(f => f.Source.PodName).Distinct().Count().ShouldBe(8_000);
    }

    [Fact]
    public async Task QueryClient_LastAndFollowAcrossNodes_ReportsLostThenPastThenNew()
    {
        var n1 = new FlowStore("n1", capacity: 2);
        var n2 = new FlowStore("n2", capacity: 8);
        for (var i = 0; i < 3; i++)
        {
            n1.Add(Flows.Numbered(i) with { Node = "n1", Time = Flows.T0.AddSeconds(i * 2) });
        }

        n2.Add(Flows.Numbered(10) with { Node = "n2", Time = Flows.T0.AddSeconds(3) });
        var client = new FlowStoreQueryClient([n1, n2]);
        using var cancel = new CancellationTokenSource();
        var items = new List<FlowStreamItem>();
        await foreach (var item in client.ObserveAsync(new FlowQuery { Last = 2, Follow = true }, cancel.Token))
        {
            items.Add(item);
            if (items.Count == 3)
            {
                n2.Add(Flows.Numbered(11) with { Node = "n2" });
            }

            if (items.Count == 4)
            {
                break;
            }
        }

        items[0].LostFlows.ShouldBe(1);
        items[0].Node.ShouldBe("n1");
        items.Skip(1).Select(i => i.Flow!.Source.PodName).ShouldBe(["p10", "p2", "p11"]);
    }
}
