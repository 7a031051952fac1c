using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Config;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Forwarding;

/// <summary>
/// The pooled HTTP clients towards one upstream. Plaintext: one handler for the proxy's life. mTLS: one handler
/// per certificate generation — when the workload certificate rotates, new requests go through a new pool (new
/// connections, new certificate) while requests on the old pool finish on their connections; the pool two
/// generations back is disposed.
/// </summary>
internal sealed class UpstreamClients : IDisposable
{
    /// <summary>ALPN id a client proxy uses to carry an opaque TCP stream inside mTLS to a peer proxy.</summary>
    public static readonly SslApplicationProtocol OpaqueAlpn = new("weft.opaque/1");

    private readonly UpstreamConfig _config;
    private readonly ProxyLimits _limits;
    private readonly LatestValue<WorkloadCertificate>? _certificates;
    private readonly PeerCertificateValidator? _validator;
    private readonly ProxyMetrics _metrics;
    private readonly Lock _gate = new();
    private Generation _current;
    private Generation? _previous;

    private readonly uint? _socketMark;
    private readonly TimeProvider _time;

    public UpstreamClients(UpstreamConfig config, ProxyLimits limits, LatestValue<WorkloadCertificate>? certificates, PeerCertificateValidator? validator, ProxyMetrics metrics, uint? socketMark = null, TimeProvider? time = null)
    {
        _socketMark = socketMark;
        _time = time ?? TimeProvider.System;
        _config = config;
        _limits = limits;
        _certificates = certificates;
        _validator = validator;
        _metrics = metrics;
        _current = Create(certificates?.Version ?? 0);
    }

    public bool UsesTls => _config.Security == UpstreamSecurity.MutualTls;

    /// <summary>Identity of the last upstream certificate that validated, for dst_id labels.</summary>
    public string LastPeerIdentity { get; private set; } = "";

    public HttpMessageInvoker Current => CurrentGeneration.Invoker;

    /// <summary>The HTTP/1.1 keep-alive pool of the current certificate generation (the fast path's upstream connections).</summary>
    public Http1.Http1Pool Http1 => CurrentGeneration.Pool;

    /// <summary>The multiplexed HTTP/2 connections of the current certificate generation (the HTTP/2 fast path's upstreams).</summary>
    public Http2.Http2UpstreamPool Http2 => CurrentGeneration.Http2;

    private Generation CurrentGeneration
    {
        get
        {
            var generation = Volatile.Read(ref _current);
            if (_certificates is null || generation.CertificateVersion == _certificates.Version) return generation;
            lock (_gate)
            {
                if (_current.CertificateVersion != _certificates.Version)
                {
                    _previous?.Invoker.Dispose();
                    // Idle keep-alive connections of the old certificate close now; busy ones close when returned.
                    _current.Pool.Dispose();
                    _current.Http2.Dispose();
                    _previous = _current;
                    Volatile.Write(ref _current, Create(_certificates.Version));
                }

                return _current;
            }
        }
    }

    /// <summary>
    /// A new upstream connection for the fast paths: TCP (with the socket mark), then mTLS with ALPN
    /// <paramref name="alpn"/> when this upstream is a peer proxy (else plain: HTTP/1.1, or h2c with prior
    /// knowledge); bounded by the connect timeout (TCP and handshake).
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(System.Net.IPEndPoint endpoint, SslApplicationProtocol alpn, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_limits.ConnectTimeout);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken) : null;
        var token = linked?.Token ?? timeout.Token;
        var socket = await UpstreamSocket.ConnectAsync(endpoint, _socketMark, token).ConfigureAwait(false);
        Stream stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        if (!UsesTls) return stream;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(TlsOptions(alpn), token).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>TLS client options for one connection with the current certificate (opaque streams use these directly).</summary>
    public SslClientAuthenticationOptions TlsOptions(SslApplicationProtocol alpn) => new()
    {
        TargetHost = _config.ServerName ?? "weft.mesh",
        ClientCertificateContext = _certificates?.Current.TlsContext,
        EnabledSslProtocols = SslProtocols.Tls13,
        ApplicationProtocols = [alpn],
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = ValidateServer,
    };

    public void Dispose()
    {
        _current.Invoker.Dispose();
        _current.Pool.Dispose();
        _current.Http2.Dispose();
        _previous?.Invoker.Dispose();
    }

    private Generation Create(long certificateVersion)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            // The forwarder propagates traceparent itself; the handler must not add or rewrite trace headers.
            ActivityHeadersPropagator = null,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = _limits.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxResponseHeadersLength = Math.Max(64, _limits.MaxRequestHeadersTotalSize / 1024 * 2),
        };
        if (_socketMark is not null)
        {
            var mark = _socketMark;
            handler.ConnectCallback = async (context, cancellationToken) =>
                new System.Net.Sockets.NetworkStream(await UpstreamSocket.ConnectAsync(context.DnsEndPoint, mark, cancellationToken).ConfigureAwait(false), ownsSocket: true);
        }

        if (UsesTls)
        {
            var options = TlsOptions(SslApplicationProtocol.Http2);
            options.ApplicationProtocols = null; // the handler sets ALPN from the request version
            handler.SslOptions = options;
        }

        return new Generation(new HttpMessageInvoker(handler, disposeHandler: true), new Http1.Http1Pool(this), new Http2.Http2UpstreamPool(this, _limits.MaxRequestHeadersTotalSize, _time), certificateVersion);
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // System trust and host-name checks are replaced by SPIFFE validation against Weft's trust root.
        if (_validator is null) return false;
        var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        var result = _validator.Validate(leaf, chain?.ChainPolicy.ExtraStore, PeerRole.Server);
        if (result.Succeeded && _config.ExpectedIdentity is { } expected && result.Identity != expected)
            result = PeerValidationResult.Fail(PeerValidationFailure.UnexpectedIdentity, $"{result.Identity} is not {expected}");
        _metrics.TlsHandshake(TrafficDirection.Outbound, result.Succeeded ? "success" : Reason(result.Failure));
        if (result.Succeeded) LastPeerIdentity = result.Identity!.ToString();
        return result.Succeeded;
    }

    internal static string Reason(PeerValidationFailure failure) => failure switch
    {
        PeerValidationFailure.NoCertificate => "no_certificate",
        PeerValidationFailure.Expired => "expired",
        PeerValidationFailure.NotYetValid => "not_yet_valid",
        PeerValidationFailure.UntrustedChain => "untrusted",
        PeerValidationFailure.UnexpectedIdentity => "unexpected_identity",
        _ => "invalid_certificate",
    };

    private sealed record Generation(HttpMessageInvoker Invoker, Http1.Http1Pool Pool, Http2.Http2UpstreamPool Http2, long CertificateVersion);
}
