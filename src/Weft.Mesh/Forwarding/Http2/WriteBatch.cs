namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Something that buffers writes and sends them when the batch running on its thread ends.</summary>
internal interface IBatchedWriter
{
    /// <summary>Sends what was buffered during the batch.</summary>
    void FlushBatch();
}

/// <summary>
/// One write per connection per batch of input: while a read loop (an HTTP/2 connection's, or an HTTP/1.1 leg's)
/// handles what one read returned, writers it touches only mark themselves here, and are flushed once when the
/// batch ends — a response's head and body, or many streams' frames, leave in one send.
/// </summary>
internal static class WriteBatch
{
    [ThreadStatic]
    private static List<IBatchedWriter>? t_batch;

    [ThreadStatic]
    private static List<IBatchedWriter>? t_cache;

    /// <summary>Starts a batch on this thread; false when one runs already (the outer one flushes).</summary>
    public static bool Begin()
    {
        if (t_batch is not null) return false;
        t_batch = t_cache ?? [];
        t_cache = null;
        return true;
    }

    /// <summary>Ends the batch <see cref="Begin"/> started (when it returned true) and flushes its writers.</summary>
    public static void End()
    {
        var batch = t_batch!;
        t_batch = null;
        for (var i = 0; i < batch.Count; i++) batch[i].FlushBatch();
        batch.Clear();
        t_cache = batch;
    }

    /// <summary>Adds <paramref name="writer"/> to this thread's batch; false when none runs (flush now).</summary>
    public static bool Defer(IBatchedWriter writer)
    {
        var batch = t_batch;
        if (batch is null) return false;
        for (var i = 0; i < batch.Count; i++)
        {
            if (ReferenceEquals(batch[i], writer)) return true;
        }

        batch.Add(writer);
        return true;
    }
}
