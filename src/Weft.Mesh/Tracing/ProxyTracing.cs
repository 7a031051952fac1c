using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Tracing;

/// <summary>
/// One span per proxied HTTP request, on the <c>Weft.Mesh</c> ActivitySource: a server span on inbound listeners, a
/// client span on outbound ones, with the OpenTelemetry HTTP semantic-convention attributes and the SPIFFE IDs of
/// both ends. The span continues the W3C trace context the request arrived with (<c>traceparent</c>/<c>tracestate</c>)
/// and the request leaves with a <c>traceparent</c> naming this span as parent, so the application's own spans hang
/// under the proxy's. Nobody listening (no exporter configured): no span, and <c>traceparent</c> passes through
/// exactly as sent.
/// </summary>
internal static class ProxyTracing
{
    public const string SourceName = "Weft.Mesh";

    public const string TraceParent = "traceparent";

    public const string TraceState = "tracestate";

    public static readonly ActivitySource Source = new(SourceName);

    private static ReadOnlySpan<byte> TraceParentBytes => "traceparent"u8;

    private static ReadOnlySpan<byte> TraceStateBytes => "tracestate"u8;

    /// <summary>Starts the request's span, or returns null when nothing listens (the common, free case).</summary>
    public static Activity? Start(HttpContext context, TrafficDirection direction)
    {
        if (!Source.HasListeners()) return null;
        var request = context.Request;
        var headers = request.Headers;
        return Start(
            direction,
            new SpanRequest(request.Method, request.Path.Value, request.Scheme, request.Host.Host, request.Host.Port, ProtocolVersion(request.Protocol), context.Connection.RemoteIpAddress),
            headers[TraceParent].ToString(),
            headers[TraceState].ToString());
    }

    /// <summary>The same span for a request on the HTTP/1.1 fast path (its head parsed in place, no HttpContext).</summary>
    public static Activity? Start(Http1Head head, TrafficDirection direction, bool tls, IPAddress? client)
    {
        if (!Source.HasListeners()) return null;
        return Start(direction, head.Method, head.Target, head.Host, tls, "1.1", client, head.HeaderValue(TraceParentBytes), head.HeaderValue(TraceStateBytes));
    }

    /// <summary>
    /// The same span for a request on the HTTP/2 fast path (its fields decoded into a header list);
    /// <paramref name="http1Client"/>: the client's connection is HTTP/1.1 (its request forwarded as an exchange).
    /// </summary>
    public static Activity? Start(Forwarding.Http2.Http2HeaderList request, TrafficDirection direction, bool tls, IPAddress? client, bool http1Client = false)
    {
        if (!Source.HasListeners()) return null;
        var authority = request.Find(":authority"u8);
        if (authority.IsEmpty) authority = request.Find("host"u8);
        // Many streams share one read loop: a started span must not stay Activity.Current there, or the next
        // request without a traceparent would become its child.
        var previous = Activity.Current;
        var span = Start(direction, request.Find(":method"u8), request.Find(":path"u8), authority, tls, http1Client ? "1.1" : "2", client, request.Find(TraceParentBytes), request.Find(TraceStateBytes));
        Activity.Current = previous;
        return span;
    }

    /// <summary>A fast path's span from the request's raw method, target (path and query), authority and trace fields.</summary>
    private static Activity? Start(
        TrafficDirection direction,
        ReadOnlySpan<byte> method,
        ReadOnlySpan<byte> target,
        ReadOnlySpan<byte> authority,
        bool tls,
        string protocolVersion,
        IPAddress? client,
        ReadOnlySpan<byte> traceParent,
        ReadOnlySpan<byte> traceState)
    {
        var query = target.IndexOf((byte)'?');
        var (host, port) = SplitHost(Encoding.Latin1.GetString(authority));
        return Start(
            direction,
            new SpanRequest(Encoding.ASCII.GetString(method), Encoding.Latin1.GetString(query < 0 ? target : target[..query]), tls ? "https" : "http", host, port, protocolVersion, client),
            Text(traceParent),
            Text(traceState));
    }

    /// <summary>"traceparent: &lt;this span&gt;\r\n" for a forwarded HTTP/1.1 head (it replaces the one the request came with).</summary>
    public static byte[] TraceParentLine(Activity activity) => Encoding.ASCII.GetBytes(string.Concat(TraceParent, ": ", activity.Id, "\r\n"));

    private static Activity? Start(TrafficDirection direction, in SpanRequest request, string? traceParent, string? traceState)
    {
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity(
            request.Method,
            direction == TrafficDirection.Inbound ? ActivityKind.Server : ActivityKind.Client,
            parent);
        if (activity is null) return null;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", request.Method);
            activity.SetTag("url.path", request.Path);
            activity.SetTag("url.scheme", request.Scheme);
            activity.SetTag("server.address", request.Host);
            if (request.Port is { } port) activity.SetTag("server.port", port);
            activity.SetTag("network.protocol.version", request.ProtocolVersion);
            activity.SetTag("weft.direction", direction == TrafficDirection.Inbound ? "inbound" : "outbound");
            if (request.Client is { } client) activity.SetTag("client.address", client.ToString());
        }

        return activity;
    }

    /// <summary>Host header "name[:port]" or "[v6][:port]" split like Kestrel's HostString.</summary>
    internal static (string Host, int? Port) SplitHost(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || colon < host.LastIndexOf(']')) return (host, null);
        return int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (host[..colon], port)
            : (host[..colon], null);
    }

    private static string? Text(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Encoding.Latin1.GetString(value);

    /// <summary>Replaces the upstream request's <c>traceparent</c> with this span's (tracestate travels as sent).</summary>
    public static void Inject(Activity activity, HttpRequestMessage request)
    {
        request.Headers.Remove(TraceParent);
        request.Headers.TryAddWithoutValidation(TraceParent, activity.Id);
    }

    /// <summary>Records the outcome: status, the identities of both ends, the endpoint used, the error if any.</summary>
    public static void Stop(Activity activity, int status, string error, string sourceId, string destinationId, string? endpoint)
    {
        if (activity.IsAllDataRequested)
        {
            if (status != 0) activity.SetTag("http.response.status_code", status);
            activity.SetTag("weft.src_id", sourceId);
            activity.SetTag("weft.dst_id", destinationId);
            if (endpoint is not null) activity.SetTag("weft.endpoint", endpoint);
            // Semantic conventions: server spans fail on 5xx, client spans on any status from 400.
            var failed = error.Length > 0 || status >= (activity.Kind == ActivityKind.Server ? 500 : 400);
            if (failed)
            {
                activity.SetTag("error.type", error.Length > 0 ? error : status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        activity.Stop();
    }

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/2" => "2",
        "HTTP/1.1" => "1.1",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };

    /// <summary>What a span records about the request, from either path.</summary>
    private readonly record struct SpanRequest(string Method, string? Path, string Scheme, string Host, int? Port, string ProtocolVersion, IPAddress? Client);
}
