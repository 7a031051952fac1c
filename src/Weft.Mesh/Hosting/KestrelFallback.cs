using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.Mesh.Config;

namespace Weft.Mesh.Hosting;

/// <summary>
/// Kestrel's HTTP server for the requests the fast paths do not take (HTTP/1.0, Upgrade, Expect, absolute-form targets,
/// oversized or malformed heads, and everything when a fast path is switched off). Started at the first such
/// connection, not before: an idle proxy that never needs it maps none of Kestrel, the generic host, DI or
/// configuration (bench/mesh/RESULTS.md, idle memory). Connections are handed to it already accepted, detected and
/// (for mTLS) decrypted, through an in-memory transport; it answers them with <see cref="RequestDelegate"/>.
/// </summary>
internal sealed class KestrelFallback(ProxyLimits limits, ILoggerProvider? log, RequestDelegate handle) : IAsyncDisposable
{
    private static readonly IPEndPoint HandoffEndpoint = new(IPAddress.Loopback, 1);
    private readonly Channel<ConnectionContext> _handed = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task<WebApplication>? _app;
    private bool _disposed;

    /// <summary>The server has been started (tests check that a fast-path connection does not start it).</summary>
    public bool Started
    {
        get
        {
            lock (_gate) return _app is not null;
        }
    }

    /// <summary>Serves an h2c prior-knowledge <paramref name="connection"/> with Kestrel's HTTP/2 server.</summary>
    public Task ServeH2cAsync(ConnectionContext connection)
    {
        connection.Features.Set<ITlsApplicationProtocolFeature>(Http2PriorKnowledge.Instance);
        connection.Features.Set<ITlsConnectionFeature>(Http2PriorKnowledge.Instance);
        return ServeAsync(connection);
    }

    /// <summary>Serves <paramref name="connection"/> to its end with Kestrel's HTTP/1.1 and HTTP/2 server.</summary>
    public async Task ServeAsync(ConnectionContext connection)
    {
        // Kestrel picks HTTP/2 on a TLS connection from its own ALPN feature.
        if (connection.Features.Get<ServerTls>() is { } tls) connection.Features.Set<ITlsApplicationProtocolFeature>(new Alpn(tls.ApplicationProtocol));
        Task<WebApplication> app;
        lock (_gate)
        {
            if (_disposed) return;
            app = _app ??= StartAsync();
        }

        await app.ConfigureAwait(false);
        var handed = new HandedOffConnection(connection);
        if (!_handed.Writer.TryWrite(handed)) return;
        await handed.Done.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task<WebApplication>? app;
        lock (_gate)
        {
            _disposed = true;
            app = _app;
        }

        _handed.Writer.TryComplete();
        if (app is not null)
        {
            var started = await app.ConfigureAwait(false);
            await started.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await started.DisposeAsync().ConfigureAwait(false);
        }

        while (_handed.Reader.TryRead(out var left)) ((HandedOffConnection)left).Release();
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        if (log is not null) builder.Logging.AddProvider(log).AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton<IConnectionListenerFactory>(new HandoffTransport(_handed.Reader));
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            // h2c connections carry a TLS feature (see Http2PriorKnowledge), so :scheme "http" must be accepted.
            options.AllowAlternateSchemes = true;
            options.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            options.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            options.Limits.Http2.MaxStreamsPerConnection = limits.MaxConcurrentStreams;
            options.Limits.MaxRequestBodySize = null;
            // Streaming RPCs may be idle for long; the slowloris guard is the header timeout.
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
            options.Listen(HandoffEndpoint, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        });
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    private sealed class Alpn(ReadOnlyMemory<byte> protocol) : ITlsApplicationProtocolFeature
    {
        public ReadOnlyMemory<byte> ApplicationProtocol => protocol;
    }

    /// <summary>Kestrel's transport: "accepts" the connections handed over.</summary>
    private sealed class HandoffTransport(ChannelReader<ConnectionContext> handed) : IConnectionListenerFactory, IConnectionListener
    {
        public EndPoint EndPoint { get; private set; } = HandoffEndpoint;

        public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        {
            EndPoint = endpoint;
            return new ValueTask<IConnectionListener>(this);
        }

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await handed.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && handed.TryRead(out var connection) ? connection : null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => default;

        public ValueTask DisposeAsync() => default;
    }

    /// <summary>
    /// The connection as Kestrel sees it: everything is the proxy's connection, except that Kestrel disposing it
    /// (when its HTTP server is done) only tells the proxy, which still owns the socket and closes it.
    /// </summary>
    private sealed class HandedOffConnection(ConnectionContext inner) : ConnectionContext
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }

        public override IFeatureCollection Features => inner.Features;

        public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }

        public override IDuplexPipe Transport { get => inner.Transport; set => inner.Transport = value; }

        public override CancellationToken ConnectionClosed { get => inner.ConnectionClosed; set => inner.ConnectionClosed = value; }

        public override EndPoint? LocalEndPoint { get => inner.LocalEndPoint; set => inner.LocalEndPoint = value; }

        public override EndPoint? RemoteEndPoint { get => inner.RemoteEndPoint; set => inner.RemoteEndPoint = value; }

        public override void Abort(ConnectionAbortedException abortReason) => inner.Abort(abortReason);

        public override ValueTask DisposeAsync()
        {
            _done.TrySetResult();
            return base.DisposeAsync();
        }

        /// <summary>Never taken by Kestrel (it stopped first): the proxy closes the connection itself.</summary>
        public void Release() => _done.TrySetResult();
    }
}
