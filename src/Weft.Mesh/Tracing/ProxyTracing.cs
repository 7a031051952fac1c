using System.Diagnostics;
using Microsoft.AspNetCore.Http;
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

    /// <summary>Starts the request's span, or returns null when nothing listens (the common, free case).</summary>
    public static Activity? Start(HttpContext context, TrafficDirection direction)
    {
        if (!Source.HasListeners()) return null;
        var headers = context.Request.Headers;
        ActivityContext.TryParse(headers[TraceParent].ToString(), headers[TraceState].ToString(), isRemote: true, out var parent);
        var request = context.Request;
        var activity = Source.StartActivity(
            request.Method,
            direction == TrafficDirection.Inbound ? ActivityKind.Server : ActivityKind.Client,
            parent);
        if (activity is null) return null;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", request.Method);
            activity.SetTag("url.path", request.Path.Value);
            activity.SetTag("url.scheme", request.Scheme);
            activity.SetTag("server.address", request.Host.Host);
            if (request.Host.Port is { } port) activity.SetTag("server.port", port);
            activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
            activity.SetTag("weft.direction", direction == TrafficDirection.Inbound ? "inbound" : "outbound");
            if (context.Connection.RemoteIpAddress is { } client) activity.SetTag("client.address", client.ToString());
        }

        return activity;
    }

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
}
