using System.Runtime.CompilerServices;
using Weft.Flows.Query;

namespace Weft.Flows.Store;

/// <summary>
/// Answers <see cref="FlowQuery"/>s from stores in this process (one per node). Past flows come node by node,
/// ordered by time; following interleaves nodes as flows arrive.
/// </summary>
public sealed class FlowStoreQueryClient(IReadOnlyList<FlowStore> stores) : IFlowQueryClient
{
    public async IAsyncEnumerable<FlowStreamItem> ObserveAsync(
        FlowQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var past = new List<FlowRecord>();
        var cursors = new long[stores.Count];
        for (var i = 0; i < stores.Count; i++)
        {
            var result = stores[i].Query(query.Filter, query.Last);
            cursors[i] = result.Cursor;
            if (result.LostFlows > 0)
            {
                yield return FlowStreamItem.Lost(stores[i].Node, result.LostFlows);
            }

            past.AddRange(result.Flows);
        }

        // Stable sort keeps each node's own order for equal times.
        var ordered = past.OrderBy(f => f.Time).ToList();
        var skip = query.Last is { } last ? Math.Max(0, ordered.Count - last) : 0;
        for (var i = skip; i < ordered.Count; i++)
        {
            yield return FlowStreamItem.ForFlow(ordered[i]);
        }

        if (!query.Follow)
        {
            yield break;
        }

        var channel = System.Threading.Channels.Channel.CreateUnbounded<FlowStreamItem>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = new Task[stores.Count];
        for (var i = 0; i < stores.Count; i++)
        {
            pumps[i] = PumpAsync(stores[i], query.Filter, cursors[i], channel.Writer, stop.Token);
        }

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(
        FlowStore store, FlowFilter filter, long cursor,
        System.Threading.Channels.ChannelWriter<FlowStreamItem> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in store.FollowAsync(filter, cursor, cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The follow ended because the caller stopped reading.
        }
    }
}
