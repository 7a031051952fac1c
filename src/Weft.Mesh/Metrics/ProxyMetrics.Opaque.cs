using System.Collections.Concurrent;
using System.Text;

namespace Weft.Mesh.Metrics;

/// <summary>
/// Per-identity counters of opaque TCP streams (Linkerd's tcp_* by peer identity): who talked raw TCP to whom, how
/// often and how much. Separate families from tcp_open_total and friends, which count every accepted connection once;
/// the same connection in both would double any sum.
/// </summary>
public sealed partial class ProxyMetrics
{
    /// <summary>
    /// Series cap: identities come from certificates the mesh issued (one per service account), so the label space is
    /// already bounded by the cluster; the cap keeps a pathological cluster from growing the exposition without end.
    /// Streams beyond it are counted under the identity "other".
    /// </summary>
    public const int MaxOpaqueSeries = 1000;

    public const string OverflowIdentity = "other";

    private readonly ConcurrentDictionary<OpaqueLabels, OpaqueStreamCounters> _opaque = new();

    /// <summary>Counts an opaque stream opened; the returned counters take its bytes and its close.</summary>
    internal OpaqueStreamCounters OpaqueOpened(OpaqueLabels labels)
    {
        if (!_opaque.TryGetValue(labels, out var series))
        {
            if (_opaque.Count >= MaxOpaqueSeries) labels = labels with { SourceId = OverflowIdentity, DestinationId = OverflowIdentity };
            series = _opaque.GetOrAdd(labels, static _ => new OpaqueStreamCounters());
        }

        Interlocked.Increment(ref series.Opened);
        return series;
    }

    private void WriteOpaque(StringBuilder sb)
    {
        OpaqueFamily(sb, "tcp_opaque_open_total", "Opaque TCP streams forwarded, by direction and the SPIFFE IDs of both ends.", s => Interlocked.Read(ref s.Opened));
        OpaqueFamily(sb, "tcp_opaque_close_total", "Opaque TCP streams finished.", s => Interlocked.Read(ref s.Closed));
        OpaqueFamily(sb, "tcp_opaque_read_bytes_total", "Bytes of opaque streams read from the accepted connection.", s => Interlocked.Read(ref s.ReadBytes));
        OpaqueFamily(sb, "tcp_opaque_write_bytes_total", "Bytes of opaque streams written to the accepted connection.", s => Interlocked.Read(ref s.WriteBytes));
    }

    private void OpaqueFamily(StringBuilder sb, string name, string help, Func<OpaqueStreamCounters, long> value)
    {
        Family(sb, name, "counter", help);
        foreach (var (labels, series) in _opaque)
        {
            sb.Append(name).Append("{direction=\"").Append(Name(labels.Direction)).Append("\",src_id=\"");
            Escape(sb, labels.SourceId);
            sb.Append("\",dst_id=\"");
            Escape(sb, labels.DestinationId);
            sb.Append("\",tls=\"").Append(labels.Tls ? "true" : "false").Append("\"} ").Append(value(series)).Append('\n');
        }
    }
}
