using System.Collections.Immutable;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.Mesh.Config;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The proxy process's server: one Kestrel instance with every listener and the admin endpoint. Plain listeners
/// detect the protocol per connection; mTLS listeners terminate TLS 1.3 with client certificates first. The same
/// code serves the sidecar and <c>weft proxy</c>; only where the configuration comes from differs.
/// </summary>
public sealed partial class ProxyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private readonly ImmutableArray<ProxyListener> _listeners;
    private readonly Dictionary<string, ListenOptions> _bound = [];
    private ListenOptions? _admin;
    private volatile bool _started;

    private ProxyServer(ProxyConfig config, ProxyRuntime runtime, ProxyMetrics metrics, Action<ILoggingBuilder>? logging)
    {
        Config = config;
        Runtime = runtime;
        Metrics = metrics;
        _listeners = [.. config.Listeners.Select(l => new ProxyListener(l, config.Limits, runtime, metrics))];

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        // Weft's own I/O loop (IO/IoLoop.cs) carries the listeners' sockets unless switched off (WEFT_IO_LOOP=0).
        if (IO.IoLoop.Enabled)
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, IO.LoopTransportFactory>();
        }
        else
        {
            // With DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 socket completions run on the epoll threads; letting
            // Kestrel's pipes continue there too takes the thread-pool hops out of every request (fewer context
            // switches). Safe here: nothing on the request path blocks. Reading without the zero-byte "wait for data"
            // receive first saves one syscall per read (4 KiB per idle connection is the price;
            // WEFT_PROXY_WAIT_FOR_DATA=1 restores Kestrel's default).
            builder.WebHost.UseSockets(o =>
            {
                o.UnsafePreferInlineScheduling = InlineCompletions;
                o.WaitForDataBeforeAllocatingBuffer = Environment.GetEnvironmentVariable("WEFT_PROXY_WAIT_FOR_DATA") == "1";
            });
        }
        builder.WebHost.ConfigureKestrel(Configure);
        _app = builder.Build();
        _logger = _app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Weft.Mesh.Proxy");
        foreach (var listener in _listeners) listener.UseLogger(_logger);
        _app.Run(HandleAsync);
    }

    public ProxyConfig Config { get; }

    /// <summary>Socket completions run inline (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, read once by .NET's socket engine).</summary>
    public static bool InlineCompletions { get; } = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    public ProxyRuntime Runtime { get; }

    public ProxyMetrics Metrics { get; }

    /// <summary>Ready once every listener is bound (and certificates are present when needed).</summary>
    public bool Ready => _started;

    /// <summary>Validates <paramref name="config"/> and builds the server, or returns every problem.</summary>
    public static (ProxyServer? Server, IReadOnlyList<string> Errors) Create(ProxyConfig config, ProxyRuntime runtime, Action<ILoggingBuilder>? logging = null)
    {
        var errors = ProxyConfigValidator.Validate(config, runtime);
        return errors.Count > 0 ? (null, errors) : (new ProxyServer(config, runtime, new ProxyMetrics(), logging), errors);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>The bound address of a listener (its real port when configured with port 0).</summary>
    public IPEndPoint ListenerEndpoint(string name) => _bound[name].IPEndPoint!;

    public IPEndPoint? AdminEndpoint => _admin?.IPEndPoint;

    /// <summary>The listeners at run time (tests check which paths they take).</summary>
    internal IReadOnlyList<ProxyListener> Listeners => _listeners;

    public async ValueTask DisposeAsync()
    {
        _started = false;
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var l in _listeners) l.Dispose();
    }

    private void Configure(KestrelServerOptions options)
    {
        var limits = Config.Limits;
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

        foreach (var listener in _listeners)
        {
            options.Listen(listener.Config.Endpoint, listen =>
            {
                _bound[listener.Config.Name] = listen;
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                var tls = listener.Config.Security == ListenerSecurity.MutualTls;
                listen.Use(next => connection => TrackAsync(connection, next, listener, tls));
                if (listener.Config.Security == ListenerSecurity.Permissive)
                {
                    // Middlewares are composed last to first, so `http` (the HTTP server, after the TLS branch) is known
                    // when the detection middleware is built: plaintext skips the TLS handshake, TLS goes through it.
                    Microsoft.AspNetCore.Connections.ConnectionDelegate? http = null;
                    listen.Use(next => connection => PermissiveAsync(connection, next, http!, listener));
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        OnConnection = context => ValueTask.FromResult(ServerTlsOptions(context.Connection)),
                        HandshakeTimeout = limits.TlsHandshakeTimeout,
                    });
                    listen.Use(next =>
                    {
                        http = next;
                        return connection => AfterHandshakeAsync(connection, next, listener);
                    });
                }
                else if (tls)
                {
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        OnConnection = context => ValueTask.FromResult(ServerTlsOptions(context.Connection)),
                        HandshakeTimeout = limits.TlsHandshakeTimeout,
                    });
                    listen.Use(next => connection => AfterHandshakeAsync(connection, next, listener));
                }
                else
                {
                    listen.Use(next => connection => DetectAsync(connection, next, listener));
                }
            });
        }

        if (Config.Admin is { } admin)
        {
            options.Listen(admin, listen =>
            {
                _admin = listen;
                listen.Protocols = HttpProtocols.Http1;
            });
        }
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

    private Task HandleAsync(HttpContext context)
    {
        var state = ConnectionState.From(context);
        return state is null ? AdminAsync(context) : state.Listener.HandleHttpAsync(context, state);
    }
}
