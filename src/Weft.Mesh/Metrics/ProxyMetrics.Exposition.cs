using System.Globalization;
using System.Text;

namespace Weft.Mesh.Metrics;

/// <summary>Prometheus text exposition format 0.0.4, written by hand (no client library).</summary>
public sealed partial class ProxyMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string ToPrometheusText()
    {
        var sb = new StringBuilder(4096);
        Family(sb, "request_total", "counter", "Requests the proxy received, by direction, authority and identities.");
        foreach (var (labels, box) in _requests)
        {
            sb.Append("request_total{");
            RequestLabelText(sb, labels);
            sb.Append("} ").Append(Interlocked.Read(ref box.Value)).Append('\n');
        }

        Family(sb, "response_total", "counter", "Responses the proxy returned, by outcome.");
        foreach (var (labels, series) in _responses)
        {
            sb.Append("response_total{");
            ResponseLabelText(sb, labels);
            sb.Append("} ").Append(Interlocked.Read(ref series.Total)).Append('\n');
        }

        Family(sb, "response_latency_seconds", "histogram", "Time from request received to response headers (Linkerd's response_latency_ms, in base units as promtool requires).");
        foreach (var (labels, series) in _responses)
        {
            var h = series.Latency;
            for (var i = 0; i <= LatencyHistogram.BoundsMs.Length; i++)
            {
                sb.Append("response_latency_seconds_bucket{");
                ResponseLabelText(sb, labels);
                sb.Append(",le=\"")
                    .Append(i < LatencyHistogram.BoundsMs.Length ? (LatencyHistogram.BoundsMs[i] / 1000).ToString(CultureInfo.InvariantCulture) : "+Inf")
                    .Append("\"} ").Append(h.CumulativeCount(i)).Append('\n');
            }

            sb.Append("response_latency_seconds_sum{");
            ResponseLabelText(sb, labels);
            sb.Append("} ").Append((h.SumMs / 1000).ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("response_latency_seconds_count{");
            ResponseLabelText(sb, labels);
            sb.Append("} ").Append(h.Count).Append('\n');
        }

        TcpFamily(sb, "tcp_open_total", "TCP connections accepted.", s => s.Opened);
        TcpFamily(sb, "tcp_close_total", "TCP connections closed.", s => s.Closed);
        TcpFamily(sb, "tcp_read_bytes_total", "Bytes read from accepted connections (counted when they close).", s => s.ReadBytes);
        TcpFamily(sb, "tcp_write_bytes_total", "Bytes written to accepted connections (counted when they close).", s => s.WriteBytes);

        WriteOpaque(sb);

        Family(sb, "tls_handshake_total", "counter", "TLS handshakes by result: success or the failure reason.");
        foreach (var ((direction, result), box) in _tls)
        {
            sb.Append("tls_handshake_total{direction=\"").Append(Name(direction)).Append("\",result=\"");
            Escape(sb, result);
            sb.Append("\"} ").Append(Interlocked.Read(ref box.Value)).Append('\n');
        }

        Family(sb, "tls_passthrough_total", "counter", "TLS connections from applications (not peer proxies) forwarded as opaque streams.");
        foreach (var (direction, box) in _tlsPassthrough)
        {
            sb.Append("tls_passthrough_total{direction=\"").Append(Name(direction)).Append("\"} ").Append(Interlocked.Read(ref box.Value)).Append('\n');
        }

        return sb.ToString();
    }

    private static void Family(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private void TcpFamily(StringBuilder sb, string name, string help, Func<TcpSeries, long> value)
    {
        Family(sb, name, "counter", help);
        foreach (var ((direction, tls), series) in _tcp)
        {
            sb.Append(name).Append("{direction=\"").Append(Name(direction)).Append("\",tls=\"")
                .Append(tls ? "true" : "false").Append("\"} ").Append(value(series)).Append('\n');
        }
    }

    private static void RequestLabelText(StringBuilder sb, in RequestLabels labels)
    {
        sb.Append("direction=\"").Append(Name(labels.Direction)).Append("\",authority=\"");
        Escape(sb, labels.Authority);
        sb.Append("\",src_id=\"");
        Escape(sb, labels.SourceId);
        sb.Append("\",dst_id=\"");
        Escape(sb, labels.DestinationId);
        sb.Append('"');
    }

    private static void ResponseLabelText(StringBuilder sb, in ResponseLabels labels)
    {
        RequestLabelText(sb, labels.Request);
        sb.Append(",status_code=\"").Append(labels.StatusCode).Append("\",status_class=\"").Append(labels.StatusClass)
            .Append("\",grpc_status=\"");
        Escape(sb, labels.GrpcStatus);
        sb.Append("\",classification=\"").Append(labels.Classification).Append("\",error=\"");
        Escape(sb, labels.Error);
        sb.Append('"');
    }

    private static string Name(TrafficDirection direction) => direction == TrafficDirection.Inbound ? "inbound" : "outbound";

    // Label values escape backslash, double quote and line feed (exposition format spec).
    private static void Escape(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
