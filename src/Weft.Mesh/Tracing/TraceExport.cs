using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Weft.Mesh.Tracing;

/// <summary>
/// The hosts' OTLP span export (OpenTelemetry SDK, OTLP/HTTP protobuf, batched): on when an endpoint is configured
/// (<c>--otlp-endpoint</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), off otherwise, in which case no SDK code
/// runs and no span is even created.
/// </summary>
public static class TraceExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The traces URL for a configured http(s) endpoint, else null: a base URL gets <c>/v1/traces</c> (as the OTLP spec says for the generic variable).</summary>
    public static Uri? TracesUrl(string? flag, string? environment)
    {
        var configured = string.IsNullOrWhiteSpace(flag) ? environment : flag;
        if (string.IsNullOrWhiteSpace(configured) || !Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var url)) return null;
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return null; // OTLP/HTTP only
        if (url.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)) return url;
        return new Uri(url, url.AbsolutePath.TrimEnd('/') + "/v1/traces");
    }

    /// <summary>
    /// Exports spans when <paramref name="tracesUrl"/> is set; null when not. Dispose to flush and stop; the value is
    /// the SDK's TracerProvider (tests flush it).
    /// </summary>
    /// <remarks>Typed IDisposable, with the SDK code in a separate non-inlined method, so that a proxy without an
    /// endpoint never loads the OpenTelemetry assemblies (idle memory is a goal).</remarks>
    /// <param name="socketMark">
    /// Sidecar mode: SO_MARK on the exporter's own sockets, as on the proxy's upstream ones, so the pod's redirect rules
    /// let them pass. Without it the export POSTs would loop through the pod's own outbound proxy, which would record a
    /// span for each of them (exported in the next batch: a span per batch for ever) and count them as the workload's
    /// traffic.
    /// </param>
    public static IDisposable? StartIfConfigured(Uri? tracesUrl, string serviceName, uint? socketMark = null) =>
        tracesUrl is null ? null : Start(tracesUrl, serviceName, socketMark);

    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface return type keeps the SDK's types out of callers' signatures (see StartIfConfigured).")]
    private static IDisposable Start(Uri tracesUrl, string serviceName, uint? socketMark) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName))
            .AddSource(ProxyTracing.SourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = tracesUrl;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                if (socketMark is { } mark)
                {
                    o.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
                    {
                        UseProxy = false,
                        ConnectCallback = async (context, cancellationToken) => new System.Net.Sockets.NetworkStream(
                            await Forwarding.UpstreamSocket.ConnectAsync(context.DnsEndPoint, mark, cancellationToken).ConfigureAwait(false), ownsSocket: true),
                    });
                }
            })
            .Build();
}
