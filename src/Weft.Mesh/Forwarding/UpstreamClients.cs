using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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

    // ALPN offers; read-only once built, so one list serves every connection.
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> H2OrHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> H2Only = [SslApplicationProtocol.Http2];
    private readonly Func<IPAddress, string?>? _identityAt;
    private readonly TimeProvider _time;

    /// <param name="identityAt">
    /// When set (a sidecar's clients towards meshed pods), every server must present exactly the SPIFFE ID this
    /// names for the connection's remote address; an address it names nothing for is refused (fail closed).
    /// </param>
    public UpstreamClients(UpstreamConfig config, ProxyLimits limits, LatestValue<WorkloadCertificate>? certificates, PeerCertificateValidator? validator, ProxyMetrics metrics, uint? socketMark = null, Func<IPAddress, string?>? identityAt = null, TimeProvider? time = null)
    {
        _socketMark = socketMark;
        _identityAt = identityAt;
        _time = time ?? TimeProvider.System;
        _config = config;
        _limits = limits;
        _certificates = certificates;
        _validator = validator;
        _metrics = metrics;
        _current = Create(certificates?.Version ?? 0);
    }

    /// <summary>Where refused server identities are logged (the server sets its logger once built).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

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
    /// <paramref name="alpn"/> (http/1.1 or h2) when this upstream is a peer proxy, else plain (HTTP/1.1, or h2c with
    /// prior knowledge); bounded by the connect timeout (TCP and handshake).
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, SslApplicationProtocol alpn, CancellationToken cancellationToken)
    {
        var offer = alpn == SslApplicationProtocol.Http2 ? H2Only : Http11Only;
        return await ConnectStreamAsync(endpoint, offer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TLS client options for one connection with the current certificate (opaque streams use these directly).</summary>
    public SslClientAuthenticationOptions TlsOptions(SslApplicationProtocol alpn) => TlsOptions([alpn]);

    private SslClientAuthenticationOptions TlsOptions(List<SslApplicationProtocol> alpn) => new()
    {
        // Peer proxies are told apart from applications' own TLS by this name (see ProxyServer.Passthrough).
        TargetHost = _config.ServerName ?? UpstreamConfig.MeshServerName,
        ClientCertificateContext = _certificates?.Current.TlsContext,
        EnabledSslProtocols = SslProtocols.Tls13,
        ApplicationProtocols = alpn,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = ValidateServer,
    };

    /// <summary>
    /// TCP (with the socket mark) within the connect timeout, then mTLS offering <paramref name="alpn"/> when this
    /// upstream is a peer proxy, within the handshake timeout. Apart on purpose: a TCP connect that takes long means
    /// a dead endpoint (fail over fast), a handshake that takes long means a busy node (as on the server side).
    /// </summary>
    private async ValueTask<Stream> ConnectStreamAsync(EndPoint endpoint, List<SslApplicationProtocol> alpn, CancellationToken cancellationToken)
    {
        Stream stream;
        using (var connect = Bounded(_limits.ConnectTimeout, cancellationToken))
            stream = await UpstreamSocket.ConnectStreamAsync(endpoint, _socketMark, connect.Token).ConfigureAwait(false);
        if (!UsesTls) return stream;
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            using var handshake = Bounded(_limits.TlsHandshakeTimeout, cancellationToken);
            // The handshake's crypto (~1 ms) runs on the thread pool, not on the I/O loop that serves every other socket.
            await IO.LoopStream.OffLoopAsync(stream, () => tls.AuthenticateAsClientAsync(TlsOptions(alpn), handshake.Token)).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A token that fires after <paramref name="limit"/> or with <paramref name="cancellationToken"/>.</summary>
    private static CancellationTokenSource Bounded(TimeSpan limit, CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        return bounded;
    }

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
            // The connect callback bounds TCP and the handshake each with their own limit (ConnectStreamAsync).
            ConnectTimeout = _limits.ConnectTimeout + _limits.TlsHandshakeTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxResponseHeadersLength = Math.Max(64, _limits.MaxRequestHeadersTotalSize / 1024 * 2),
        };
        if (UsesTls)
        {
            // The handshake happens here, not in the handler (an authenticated SslStream from the callback, .NET 7+):
            // the handler would send the Host header's name as SNI, and a peer proxy is recognised by its SNI.
            handler.ConnectCallback = (context, cancellationToken) =>
                ConnectStreamAsync(context.DnsEndPoint, context.InitialRequestMessage.Version.Major >= 2 ? H2OrHttp11 : Http11Only, cancellationToken);
        }
        else if (_socketMark is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectStreamAsync(context.DnsEndPoint, Http11Only, cancellationToken);
        }

        return new Generation(new HttpMessageInvoker(handler, disposeHandler: true), new Http1.Http1Pool(this), new Http2.Http2UpstreamPool(this, _limits.MaxRequestHeadersTotalSize, _time), certificateVersion);
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // System trust and host-name checks are replaced by SPIFFE validation against Weft's trust root.
        if (_validator is null) return false;
        var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        var presented = _validator.Validate(leaf, chain?.ChainPolicy.ExtraStore, PeerRole.Server);
        var result = presented;
        if (!presented.Succeeded || (_config.ExpectedIdentity is null && _identityAt is null)) return Counted(result);

        // Checked here, per handshake, so every origination (HttpClient pools, the HTTP/1.1 and HTTP/2 fast paths,
        // opaque TCP) gets the rule without passing the address along: the socket under the TLS stream knows it.
        var address = RemoteAddress(sender);
        var where = address?.ToString() ?? "an unknown address";
        var expected = _config.ExpectedIdentity?.ToString() ?? (address is null ? null : _identityAt!(address));
        result = ServerIdentityRule.Require(presented, expected, where);
        if (!result.Succeeded) Hosting.ProxyLog.UnexpectedServerIdentity(Logger, where, presented.Identity!.ToString(), expected ?? "");
        return Counted(result);
    }

    private bool Counted(PeerValidationResult result)
    {
        _metrics.TlsHandshake(TrafficDirection.Outbound, result.Succeeded ? "success" : Reason(result.Failure));
        if (result.Succeeded) LastPeerIdentity = result.Identity!.ToString();
        return result.Succeeded;
    }

    /// <summary>The remote address of the socket under an <see cref="SslStream"/> being authenticated, null when it is not a socket.</summary>
    internal static IPAddress? RemoteAddress(object sender)
    {
        if (sender is not AuthenticatedStream tls) return null;
        var socket = InnerStream(tls) switch
        {
            NetworkStream network => network.Socket,
            IO.LoopStream loop => loop.Socket,
            _ => null,
        };
        var address = (socket?.RemoteEndPoint as IPEndPoint)?.Address;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    // The validation callback gets only the SslStream; its transport (AuthenticatedStream.InnerStream, protected) knows
    // the remote address, so no origination has to pass it along (UnsafeAccessor: no reflection, AOT-safe).
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_InnerStream")]
    private static extern Stream InnerStream(AuthenticatedStream stream);

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
