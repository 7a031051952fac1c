namespace Weft.Mesh.Metrics;

/// <summary>
/// The counters of one tcp_opaque_* series, handed to a stream's pump so bytes are added as they flow (a client that
/// has seen its data echoed sees it counted) without a dictionary lookup per chunk.
/// </summary>
internal sealed class OpaqueStreamCounters
{
    internal long Opened;
    internal long Closed;
    internal long ReadBytes;
    internal long WriteBytes;

    /// <summary>Bytes read from the accepted connection (towards the upstream).</summary>
    public void Read(long bytes) => Interlocked.Add(ref ReadBytes, bytes);

    /// <summary>Bytes written to the accepted connection (from the upstream).</summary>
    public void Wrote(long bytes) => Interlocked.Add(ref WriteBytes, bytes);

    public void Close() => Interlocked.Increment(ref Closed);
}
