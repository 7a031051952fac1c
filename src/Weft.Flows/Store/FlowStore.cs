using System.Runtime.CompilerServices;
using Weft.Flows.Query;

namespace Weft.Flows.Store;

/// <summary>
/// The flows of one node: a bounded ring (oldest overwritten, counted in <see cref="LostFlows"/>) that answers
/// filtered queries and follows. Adding is cheap and never blocks on readers.
/// </summary>
public sealed class FlowStore
{
    /// <summary>The default ring size: at ~200 bytes a record, about 13 MiB per node.</summary>
    public const int DefaultCapacity = 65_536;

    private readonly FlowRing _ring;

    public FlowStore(string node, int capacity = DefaultCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        Node = node;
        _ring = new FlowRing(capacity);
    }

    public string Node { get; }

    public int Capacity => _ring.Capacity;

    /// <summary>Flows ever added.</summary>
    public long TotalFlows => _ring.Next;

    /// <summary>Flows overwritten by newer ones (cilium/hubble#460: shown, never silent).</summary>
    public long LostFlows => _ring.Lost;

    /// <summary>The cursor a follow started now would begin at.</summary>
    public long Cursor => _ring.Next;

    public void Add(FlowRecord flow) => _ring.Add(flow);

    /// <summary>
    /// The retained flows matching <paramref name="filter"/>, oldest first, limited to the newest
    /// <paramref name="last"/> when given, and the cursor to follow from.
    /// </summary>
    public FlowQueryResult Query(FlowFilter filter, int? last = null)
    {
        var end = _ring.Next;
        var start = Math.Max(0, end - _ring.Capacity);
        var matches = new List<FlowRecord>();
        if (last is { } limit)
        {
            // Walk backwards so that "--last 20" over a full ring touches only what it needs.
            for (var seq = end - 1; seq >= start && matches.Count < limit; seq--)
            {
                if (_ring.TryGet(seq) is { } flow && filter.Matches(flow))
                {
                    matches.Add(flow);
                }
            }

            matches.Reverse();
        }
        else
        {
            for (var seq = start; seq < end; seq++)
            {
                if (_ring.TryGet(seq) is { } flow && filter.Matches(flow))
                {
                    matches.Add(flow);
                }
            }
        }

        return new FlowQueryResult(matches, LostFlows, end);
    }

    /// <summary>
    /// Streams every matching flow from <paramref name="cursor"/> on, waiting for new ones. When the reader falls
    /// more than a ring behind, the stream yields a <see cref="FlowStreamItem.Lost"/> notice and skips ahead.
    /// </summary>
    public async IAsyncEnumerable<FlowStreamItem> FollowAsync(
        FlowFilter filter, long cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seq = cursor;
        while (!cancellationToken.IsCancellationRequested)
        {
            await _ring.WaitForAsync(seq, cancellationToken).ConfigureAwait(false);
            var end = _ring.Next;
            while (seq < end)
            {
                var oldest = _ring.Oldest;
                if (seq < oldest)
                {
                    yield return FlowStreamItem.Lost(Node, oldest - seq);
                    seq = oldest;
                    continue;
                }

                var flow = _ring.TryGet(seq);
                if (flow is null)
                {
                    // Overwritten between the check and the read: count it on the next turn.
                    continue;
                }

                seq++;
                if (filter.Matches(flow))
                {
                    yield return FlowStreamItem.ForFlow(flow);
                }
            }
        }
    }
}
