namespace Weft.Flows.Store;

/// <summary>
/// A bounded ring of flows. Writers are serialized by a lock (the agent has two: conntrack and NFLOG readers);
/// readers take no lock. Every write gets a sequence number; slot <c>seq % capacity</c> holds an immutable
/// <see cref="Slot"/> whose own sequence tells a reader whether it still holds the flow it wants or a newer one
/// that overwrote it. Overwritten flows are counted (<see cref="Lost"/>), never dropped silently.
/// </summary>
internal sealed class FlowRing
{
    private readonly Slot?[] _slots;
    private readonly Lock _writeGate = new();
    private long _next;
    private TaskCompletionSource? _waiter;

    public FlowRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Slot?[capacity];
    }

    public int Capacity => _slots.Length;

    /// <summary>The sequence number the next write gets; equals the number of flows ever written.</summary>
    public long Next => Volatile.Read(ref _next);

    /// <summary>The sequence number of the oldest flow still held.</summary>
    public long Oldest => Math.Max(0, Next - _slots.Length);

    /// <summary>How many flows were overwritten before anyone could be sure to have read them.</summary>
    public long Lost => Oldest;

    public void Add(FlowRecord flow)
    {
        lock (_writeGate)
        {
            var seq = _next;
            Volatile.Write(ref _slots[seq % _slots.Length], new Slot(seq, flow));
            // Publish after the slot: a reader that sees Next > seq finds the slot written.
            Volatile.Write(ref _next, seq + 1);
        }

        Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
    }

    /// <summary>The flow with sequence <paramref name="seq"/>, or null when it was overwritten or not written yet.</summary>
    public FlowRecord? TryGet(long seq)
    {
        if (seq < 0)
        {
            return null;
        }

        var slot = Volatile.Read(ref _slots[seq % _slots.Length]);
        return slot is not null && slot.Sequence == seq ? slot.Flow : null;
    }

    /// <summary>Completes when a flow with sequence at or after <paramref name="seq"/> exists.</summary>
    public Task WaitForAsync(long seq, CancellationToken cancellationToken)
    {
        if (Next > seq)
        {
            return Task.CompletedTask;
        }

        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = Interlocked.CompareExchange(ref _waiter, fresh, null) ?? fresh;
        // A writer that published before the waiter was installed did not see it: check again.
        if (Next > seq)
        {
            return Task.CompletedTask;
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    private sealed record Slot(long Sequence, FlowRecord Flow);
}
