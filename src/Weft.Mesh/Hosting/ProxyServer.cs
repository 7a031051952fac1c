using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Mesh.Config;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The proxy process's server: its listeners and the admin endpoint, accepted on Weft's own I/O loop (IO/IoLoop.cs).
/// Plain listeners detect the protocol per connection; mTLS listeners terminate TLS 1.3 with client certificates
/// first (<see cref="ServerTls"/>). The HTTP/1.1 and HTTP/2 fast paths, opaque TCP and the admin endpoint need no
/// HTTP server; requests they do not take go to Kestrel, started at the first one (<see cref="KestrelFallback"/>).
/// The same code serves the sidecar and <c>weft proxy</c>; only where the configuration comes from differs.
/// </summary>
public sealed partial class ProxyServer : IAsyncDisposable
{
    /// <summary>How long shutdown waits for connections to finish what they are doing before cutting them off.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly ImmutableArray<ProxyListener> _listeners;
    private readonly Dictionary<string, IPEndPoint> _bound = [];
    private readonly List<IConnectionListener> _acceptors = [];
    private readonly List<Task> _accepting = [];
    private readonly ConcurrentDictionary<ConnectionLifetime, Task> _connections = new();
    private readonly KestrelFallback _fallback;
    private readonly ConnectionDelegate _serveFallback;
    private readonly IConnectionListenerFactory _transport;
    private IPEndPoint? _admin;
    private volatile bool _started;
    private volatile bool _closing;
    private int _disposed;

    private ProxyServer(ProxyConfig config, ProxyRuntime runtime, ProxyMetrics metrics, ILoggerProvider? log)
    {
        Config = config;
        Runtime = runtime;
        Metrics = metrics;
        _listeners = [.. config.Listeners.Select(l => new ProxyListener(l, config.Limits, runtime, metrics))];
        _logger = log?.CreateLogger("Weft.Mesh.Proxy") ?? NullLogger.Instance;
        foreach (var listener in _listeners) listener.UseLogger(_logger);
        _fallback = new KestrelFallback(config.Limits, log, HandleAsync);
        _serveFallback = _fallback.ServeAsync;
        _transport = IO.IoLoop.Enabled ? new IO.LoopTransportFactory() : SocketTransport();
    }

    public ProxyConfig Config { get; }

    /// <summary>Socket completions run inline (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, read once by .NET's socket engine).</summary>
    public static bool InlineCompletions { get; } = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    public ProxyRuntime Runtime { get; }

    public ProxyMetrics Metrics { get; }

    /// <summary>Ready once every listener is bound (and certificates are present when needed).</summary>
    public bool Ready => _started;

    /// <summary>Kestrel's HTTP server has been started for a request the fast paths did not take.</summary>
    internal bool FallbackStarted => _fallback.Started;

    /// <summary>Validates <paramref name="config"/> and builds the server, or returns every problem.</summary>
    /// <param name="log">Where the proxy logs (refused identities, passthrough, failures); nothing when null.</param>
    public static (ProxyServer? Server, IReadOnlyList<string> Errors) Create(ProxyConfig config, ProxyRuntime runtime, ILoggerProvider? log = null)
    {
        var errors = ProxyConfigValidator.Validate(config, runtime);
        return errors.Count > 0 ? (null, errors) : (new ProxyServer(config, runtime, new ProxyMetrics(), log), errors);
    }

    /// <summary>Binds every listener and the admin endpoint and starts accepting; an IOException names an address that cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            var bound = await BindAsync(listener.Config.Endpoint, cancellationToken).ConfigureAwait(false);
            _bound[listener.Config.Name] = bound;
        }

        if (Config.Admin is { } admin)
        {
            _admin = await BindAsync(admin, cancellationToken).ConfigureAwait(false);
        }

        // Accepting starts once everything is bound: a failed bind leaves nothing running.
        for (var i = 0; i < _listeners.Length; i++)
        {
            var listener = _listeners[i];
            _accepting.Add(AcceptAsync(_acceptors[i], c => TrackAsync(c, listener)));
        }

        if (_admin is not null) _accepting.Add(AcceptAsync(_acceptors[^1], c => AdminServer.ServeAsync(c, AdminRoute, Runtime.Time)));
        _started = true;
    }

    /// <summary>The bound address of a listener (its real port when configured with port 0).</summary>
    public IPEndPoint ListenerEndpoint(string name) => _bound[name];

    public IPEndPoint? AdminEndpoint => _admin;

    /// <summary>The listeners at run time (tests check which paths they take).</summary>
    internal IReadOnlyList<ProxyListener> Listeners => _listeners;

    /// <summary>
    /// Stops accepting, asks every connection to close (idle keep-alive connections close at once, HTTP/2 ones send
    /// GOAWAY and finish their streams), waits up to <see cref="ShutdownTimeout"/> for them, then cuts off the rest.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _started = false;
        await UnbindAsync().ConfigureAwait(false);
        _closing = true;
        var fallback = _fallback.DisposeAsync().AsTask();
        foreach (var connection in _connections.Keys) connection.RequestClose();
        if (!await AllClosedAsync(ShutdownTimeout).ConfigureAwait(false))
        {
            foreach (var connection in _connections.Keys) connection.Connection.Abort(new ConnectionAbortedException("the proxy is shutting down"));
            await AllClosedAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        await fallback.ConfigureAwait(false);
        await Task.WhenAll(_accepting).ConfigureAwait(false);
        foreach (var l in _listeners) l.Dispose();
    }

    /// <summary>Terminates TLS (at most the handshake timeout), then serves the decrypted connection by its ALPN.</summary>
    private async Task TlsAsync(ConnectionContext connection, ProxyListener listener)
    {
        var tls = await ServerTls.HandshakeAsync(connection, ServerTlsOptions(connection), Config.Limits.TlsHandshakeTimeout, Runtime.Time).ConfigureAwait(false);
        if (tls is null) return; // refused or failed: counted as a handshake error by TrackAsync
        await using (tls.ConfigureAwait(false))
        {
            await AfterHandshakeAsync(connection, listener).ConfigureAwait(false);
        }
    }

    private async Task<IPEndPoint> BindAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        IConnectionListener bound;
        try
        {
            bound = await _transport.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AddressInUseException or SocketException)
        {
            await UnbindAsync().ConfigureAwait(false);
            throw new IOException($"Failed to bind to address {endpoint}: {e.Message}", e);
        }

        _acceptors.Add(bound);
        return (IPEndPoint)bound.EndPoint;
    }

    private async Task UnbindAsync()
    {
        foreach (var acceptor in _acceptors)
        {
            await acceptor.UnbindAsync().ConfigureAwait(false);
            await acceptor.DisposeAsync().ConfigureAwait(false);
        }

        _acceptors.Clear();
    }

    private async Task AcceptAsync(IConnectionListener acceptor, Func<ConnectionContext, Task> serve)
    {
        while (true)
        {
            ConnectionContext? connection;
            try
            {
                connection = await acceptor.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (connection is null) return;
            var lifetime = new ConnectionLifetime(connection);
            if (_closing) lifetime.RequestClose();
            // Tracked before it starts, so its own removal at the end always comes after this.
            _connections[lifetime] = Task.CompletedTask;
            // As Kestrel does: each connection starts on the thread pool, not on the accepting thread.
            var running = Task.Run(() => RunAsync(lifetime, serve));
            _connections.TryUpdate(lifetime, running, Task.CompletedTask);
        }
    }

    private async Task RunAsync(ConnectionLifetime lifetime, Func<ConnectionContext, Task> serve)
    {
        var connection = lifetime.Connection;
        try
        {
            await serve(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ConnectionAbortedException or OperationCanceledException or SocketException)
        {
            ProxyLog.ConnectionEnded(_logger, connection.ConnectionId, e.Message);
        }
        catch (Exception e)
        {
            ProxyLog.ConnectionFailed(_logger, connection.ConnectionId, e);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(lifetime, out _);
            lifetime.Dispose();
        }
    }

    private async Task<bool> AllClosedAsync(TimeSpan timeout)
    {
        var all = Task.WhenAll(_connections.Values);
        return await Task.WhenAny(all, Task.Delay(timeout, Runtime.Time)).ConfigureAwait(false) == all && _connections.IsEmpty;
    }

    /// <summary>
    /// WEFT_IO_LOOP=0: .NET's socket engine through Kestrel's socket transport (no Kestrel server or host). With
    /// DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 socket completions run on the epoll threads; letting the pipes
    /// continue there too takes the thread-pool hops out of every request. Reading without the zero-byte "wait for
    /// data" receive first saves one syscall per read (4 KiB per idle connection is the price;
    /// WEFT_PROXY_WAIT_FOR_DATA=1 restores Kestrel's default). Typed as the interface on purpose: the transport's
    /// assembly is then loaded only when this runs.
    /// </summary>
#pragma warning disable CA1859
    private static IConnectionListenerFactory SocketTransport() =>
#pragma warning restore CA1859
        new Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions
            {
                UnsafePreferInlineScheduling = InlineCompletions,
                WaitForDataBeforeAllocatingBuffer = Environment.GetEnvironmentVariable("WEFT_PROXY_WAIT_FOR_DATA") == "1",
            }),
            NullLoggerFactory.Instance);

    private AdminResponse AdminRoute(string path) => path switch
    {
        "/metrics" => new AdminResponse(200, ProxyMetrics.ContentType, Metrics.ToPrometheusText()),
        "/live" => new AdminResponse(200, "text/plain", "live\n"),
        "/ready" => Ready ? new AdminResponse(200, "text/plain", "ready\n") : new AdminResponse(503, "text/plain", "not ready\n"),
        _ => new AdminResponse(404, "", ""),
    };

    /// <summary>A connection's close request (server shutdown), as Kestrel's own connections offer it to the fast paths.</summary>
    private sealed class ConnectionLifetime : IConnectionLifetimeNotificationFeature, IDisposable
    {
        private readonly CancellationTokenSource _requested = new();

        public ConnectionLifetime(ConnectionContext connection)
        {
            Connection = connection;
            connection.Features.Set<IConnectionLifetimeNotificationFeature>(this);
        }

        public ConnectionContext Connection { get; }

        public CancellationToken ConnectionClosedRequested { get => _requested.Token; set => throw new NotSupportedException(); }

        public void RequestClose()
        {
            try
            {
                _requested.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // already over
            }
        }

        public void Dispose() => _requested.Dispose();
    }

    private SslServerAuthenticationOptions ServerTlsOptions(Microsoft.AspNetCore.Connections.ConnectionContext connection)
    {
        var state = ConnectionState.From(connection.Items);
        var certificates = Runtime.Certificates!;
        var validator = Runtime.PeerValidator!;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.Current.TlsContext,
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11, Forwarding.UpstreamClients.OpaqueAlpn],
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
                var result = validator.Validate(leaf, chain?.ChainPolicy.ExtraStore, Identity.PeerRole.Client);
                if (state is not null)
                {
                    state.PeerIdentity = result.Identity?.ToString() ?? "";
                    if (!result.Succeeded)
                    {
                        state.HandshakeCounted = true;
                        Metrics.TlsHandshake(state.Listener.Direction, Forwarding.UpstreamClients.Reason(result.Failure));
                    }
                }

                return result.Succeeded;
            },
        };
    }

    /// <summary>A request on Kestrel's fallback server: forwarded by the connection's listener on the general path.</summary>
    private Task HandleAsync(HttpContext context)
    {
        if (ConnectionState.From(context) is { } state) return state.Listener.HandleHttpAsync(context, state);
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
