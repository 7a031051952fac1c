namespace Weft.Mesh.Config;

/// <summary>Protective limits; the defaults suit a sidecar.</summary>
public sealed record ProxyLimits
{
    /// <summary>Largest total size of request headers accepted.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 32 * 1024;

    /// <summary>HTTP/2 streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    public int MaxConcurrentStreams { get; init; } = 100;

    /// <summary>A client that has not sent full request headers by then is cut off (slowloris).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the first bytes before treating a connection as opaque (server-speaks-first protocols).</summary>
    public TimeSpan DetectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time limit for the upstream's response headers; null waits for ever (streaming RPCs).</summary>
    public TimeSpan? ResponseHeadersTimeout { get; init; }
}
