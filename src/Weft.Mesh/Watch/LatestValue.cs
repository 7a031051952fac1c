namespace Weft.Mesh.Watch;

/// <summary>
/// A latest-value watch (like tokio's <c>watch</c> that linkerd2-proxy uses for policy and endpoints): readers take
/// the current immutable value with one volatile read and no lock; writers publish a whole new value; waiters
/// learn that something newer exists, never each intermediate value.
/// </summary>
public sealed class LatestValue<T>
    where T : class
{
    private Snapshot _snapshot;

    public LatestValue(T initial) => _snapshot = new Snapshot(initial, 0);

    /// <summary>The value now.</summary>
    public T Current => Volatile.Read(ref _snapshot).Value;

    /// <summary>Increments with every publish.</summary>
    public long Version => Volatile.Read(ref _snapshot).Version;

    /// <summary>Replaces the value whole and wakes every waiter.</summary>
    public void Publish(T value)
    {
        Snapshot old, next;
        do
        {
            old = Volatile.Read(ref _snapshot);
            next = new Snapshot(value, old.Version + 1);
        }
        while (Interlocked.CompareExchange(ref _snapshot, next, old) != old);
        old.Changed.TrySetResult();
    }

    /// <summary>Completes when the version exceeds <paramref name="seenVersion"/>; returns the newest value.</summary>
    public async Task<T> WaitNewerAsync(long seenVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            var s = Volatile.Read(ref _snapshot);
            if (s.Version > seenVersion) return s.Value;
            await s.Changed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Snapshot(T value, long version)
    {
        public T Value { get; } = value;

        public long Version { get; } = version;

        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
