using FsCheck;
using FsCheck.Fluent;
using Weft.Flows.Query;
using Weft.Flows.Store;

namespace Weft.Flows.Tests.Store;

public sealed class FlowStorePropertyTests
{
    [Fact]
    public void Query_AnyAddsCapacityAndLast_AgreesWithAListModel()
    {
        Prop.ForAll<int>(seed =>
        {
            var random = new Random(seed);
            var capacity = random.Next(1, 20);
            var adds = random.Next(0, 60);
            var last = random.Next(3) == 0 ? (int?)null : random.Next(1, 25);
            var verdict = random.Next(2) == 0 ? (FlowVerdict?)null : FlowVerdict.Dropped;
            var store = new FlowStore("n1", capacity);
            var model = new List<FlowRecord>();
            for (var i = 0; i < adds; i++)
            {
                var flow = Flows.Numbered(i) with { Verdict = random.Next(2) == 0 ? FlowVerdict.Dropped : FlowVerdict.Forwarded };
                store.Add(flow);
                model.Add(flow);
            }

            var filter = new FlowFilter { Verdict = verdict };
            var retained = model.Skip(Math.Max(0, model.Count - capacity)).Where(filter.Matches).ToList();
            var expected = last is { } n ? retained.Skip(Math.Max(0, retained.Count - n)).ToList() : retained;
            var result = store.Query(filter, last);
            return result.Flows.SequenceEqual(expected)
                && result.LostFlows == Math.Max(0, adds - capacity)
                && store.LostFlows + Math.Min(adds, capacity) == adds;
        }).QuickCheckThrowOnFailure();
    }
}
