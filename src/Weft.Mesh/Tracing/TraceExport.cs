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

    /// <summary>The traces URL for a configured endpoint: a base URL gets <c>/v1/traces</c> (as the OTLP spec says for the generic variable).</summary>
    public static Uri? TracesUrl(string? flag, string? environment)
    {
        var configured = string.IsNullOrWhiteSpace(flag) ? environment : flag;
        if (string.IsNullOrWhiteSpace(configured) || !Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var url)) return null;
        if (url.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)) return url;
        return new Uri(url, url.AbsolutePath.TrimEnd('/') + "/v1/traces");
    }

    /// <summary>Exports spans when <paramref name="tracesUrl"/> is set (dispose to flush and stop); null when not.</summary>
    /// <remarks>Typed IDisposable so hosts without an endpoint never load the SDK's assemblies.</remarks>
    public static IDisposable? StartIfConfigured(Uri? tracesUrl, string serviceName) => tracesUrl is null ? null : Start(tracesUrl, serviceName);

    /// <summary>Starts exporting the proxy's spans to <paramref name="tracesUrl"/>; dispose to flush and stop.</summary>
    public static TracerProvider Start(Uri tracesUrl, string serviceName) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName))
            .AddSource(ProxyTracing.SourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = tracesUrl;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build();
}
