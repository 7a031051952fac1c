using System.Collections.Concurrent;

namespace Weft.Mesh.Metrics;

/// <summary>
/// The golden metrics of one proxy: request and response counters, latency histograms, TCP connection and byte
/// counters, TLS handshake outcomes. Series are created on first use; counters are lock-free.
/// </summary>
public sealed partial class ProxyMetrics
{
    private readonly ConcurrentDictionary<RequestLabels, StrongBox> _requests = new();
    private readonly ConcurrentDictionary<ResponseLabels, ResponseSeries> _responses = new();
    private readonly ConcurrentDictionary<(TrafficDirection Direction, bool Tls), TcpSeries> _tcp = new();
    private readonly ConcurrentDictionary<(TrafficDirection Direction, string Result), StrongBox> _tls = new();
    private readonly ConcurrentDictionary<TrafficDirection, StrongBox> _tlsPassthrough = new();

    public void RequestStarted(in RequestLabels labels) =>
        Interlocked.Increment(ref _requests.GetOrAdd(labels, static _ => new StrongBox()).Value);

    public void ResponseCompleted(in ResponseLabels labels, double latencyMs)
    {
        var series = _responses.GetOrAdd(labels, static _ => new ResponseSeries());
        Interlocked.Increment(ref series.Total);
        series.Latency.Observe(latencyMs);
    }

    public void TcpOpened(TrafficDirection direction, bool tls) =>
        Interlocked.Increment(ref Tcp(direction, tls).Opened);

    public void TcpClosed(TrafficDirection direction, bool tls, long readBytes, long writeBytes)
    {
        var s = Tcp(direction, tls);
        Interlocked.Increment(ref s.Closed);
        Interlocked.Add(ref s.ReadBytes, readBytes);
        Interlocked.Add(ref s.WriteBytes, writeBytes);
    }

    /// <summary>Counts a finished TLS handshake: result "success", or the failure reason.</summary>
    public void TlsHandshake(TrafficDirection direction, string result) =>
        Interlocked.Increment(ref _tls.GetOrAdd((direction, result), static _ => new StrongBox()).Value);

    /// <summary>Counts a TLS connection from an application (not a peer proxy) forwarded untouched.</summary>
    public void TlsPassthrough(TrafficDirection direction) =>
        Interlocked.Increment(ref _tlsPassthrough.GetOrAdd(direction, static _ => new StrongBox()).Value);

    private TcpSeries Tcp(TrafficDirection direction, bool tls) => _tcp.GetOrAdd((direction, tls), static _ => new TcpSeries());

    private sealed class StrongBox
    {
        public long Value;
    }

    private sealed class ResponseSeries
    {
        public long Total;

        public LatencyHistogram Latency { get; } = new();
    }

    private sealed class TcpSeries
    {
        public long Opened;
        public long Closed;
        public long ReadBytes;
        public long WriteBytes;
    }
}
