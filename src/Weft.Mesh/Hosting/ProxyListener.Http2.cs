using System.Text;
using Microsoft.AspNetCore.Connections;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding;
using Weft.Mesh.Forwarding.Bridge;
using Weft.Mesh.Forwarding.Http2;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The HTTP/2 fast path: a client's h2c prior-knowledge connection, or a peer proxy's mTLS connection with ALPN h2,
/// is served by <see cref="Http2ServerConnection"/>; each request stream is balanced on its own (P2C over peak-EWMA)
/// onto a multiplexed upstream connection of <see cref="Http2UpstreamPool"/> and forwarded frame by frame — no
/// Kestrel HTTP/2 server, HttpContext or HttpClient per request. Same semantics as the general path: failover for
/// idempotent requests without body on connect errors (and for any request the upstream did not process), 503/502/504
/// from <see cref="ForwarderErrorText"/>, golden metrics with grpc-status from trailers.
/// </summary>
internal sealed partial class ProxyListener : IHttp2ExchangeOwner
{
    /// <summary>Set WEFT_HTTP2_FAST_PATH=0 to send every HTTP/2 connection through Kestrel (A/B benchmarks).</summary>
    private static readonly bool Http2FastPathEnabled = Environment.GetEnvironmentVariable("WEFT_HTTP2_FAST_PATH") != "0";

    private static readonly byte[] SchemeHttp = "http"u8.ToArray();
    private static readonly byte[] SchemeHttps = "https"u8.ToArray();

    /// <summary>
    /// HTTP/2 connections on this listener take the fast path (a plain HTTP/1.1 upstream is spoken to through
    /// <see cref="Http1UpstreamLeg"/>). Spans are recorded here as on the other paths, so exporting them does not
    /// change the data path.
    /// </summary>
    public static bool Http2FastPath => Http2FastPathEnabled;

    public async Task ServeHttp2Async(ConnectionContext connection, ConnectionState? state)
    {
        var session = new Http2Session(state, ClientIdBytes(state))
        {
            Tls = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is not null,
            ClientAddress = (connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address,
        };
        using var server = new Http2ServerConnection(connection.Transport, this, _limits, _time) { State = session };
        // Server shutdown: GOAWAY, streams in flight finish, then the connection closes.
        var lifetime = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionLifetimeNotificationFeature>();
        using var closing = lifetime?.ConnectionClosedRequested.Register(static s => ((Http2ServerConnection)s!).BeginShutdown(), server);
        await server.RunAsync(connection.ConnectionClosed).ConfigureAwait(false);
    }

    /// <summary>The client's SPIFFE ID for x-weft-client-id towards the application, when this listener forwards it.</summary>
    private byte[] ClientIdBytes(ConnectionState? state) =>
        Config.ForwardClientIdentity && state?.PeerIdentity is { Length: > 0 } peer ? Encoding.ASCII.GetBytes(peer) : [];

    void IHttp2ExchangeOwner.OnRequest(Http2Exchange exchange)
    {
        var session = (Http2Session)exchange.Session!;
        var request = exchange.Request;
        var inbound = Config.Direction == TrafficDirection.Inbound;
        var peer = session.State?.PeerIdentity ?? "";
        var authority = request.Find(":authority"u8);
        if (authority.IsEmpty) authority = request.Find("host"u8);
        exchange.Labels = new RequestLabels(
            Config.Direction,
            session.Authority(authority),
            inbound ? peer : LocalIdentity,
            inbound ? LocalIdentity : DestinationIdentity(session.State));
        _metrics.RequestStarted(exchange.Labels);
        exchange.StartedAt = _time.GetTimestamp();
        if (Tracing.ProxyTracing.Start(request, Config.Direction, session.Tls, session.ClientAddress, exchange.Down.Connection is Http1ClientLeg) is { } span)
        {
            exchange.Span = span;
            exchange.TraceParent = Encoding.ASCII.GetBytes(span.Id ?? "");
        }

        var method = request.Find(":method"u8);
        if (method.IsEmpty || request.Find(":path"u8).IsEmpty)
        {
            // CONNECT (no :path) and malformed requests are not forwarded (RFC 9113 §8.3.1, §8.5).
            exchange.Fail(ForwarderError.None, 400);
            return;
        }

        // A peer proxy marks requests whose application speaks HTTP/1.1: its counterpart here gets HTTP/1.1 too.
        if (!exchange.Http1Origin && request.Find(Http2HeaderRules.OriginProtocol).SequenceEqual("http/1.1"u8)) exchange.Http1Origin = true;
        exchange.CanRetry = exchange.Up.PendingEnd && IsIdempotent(method);
        exchange.ClientId = session.ClientId;
        exchange.Error = ForwarderError.NoEndpoints;
        if (_limits.ResponseHeadersTimeout is { } timeout)
        {
            exchange.ResponseTimer = _time.CreateTimer(
                static s => ((Http2Exchange)s!).Owner.OnUpstreamFailed((Http2Exchange)s, ForwarderError.ResponseHeadersTimeout, unprocessed: false),
                exchange,
                timeout,
                Timeout.InfiniteTimeSpan);
        }

        Route(exchange);
    }

    /// <summary>Picks an endpoint and opens the upstream stream: at once on a connection with room, else after connecting.</summary>
    private void Route(Http2Exchange exchange)
    {
        var session = (Http2Session)exchange.Session!;
        if (exchange.Attempts >= MaxAttempts || BalancerFor(session.State).Pick(exchange.FailedEndpoint) is not { } endpoint)
        {
            exchange.Fail(exchange.Error, ForwarderErrorText.StatusCode(exchange.Error));
            return;
        }

        exchange.Attempts++;
        var clients = ClientsFor(endpoint);
        exchange.Endpoint = endpoint;
        exchange.Scheme = clients.UsesTls ? SchemeHttps : SchemeHttp;
        lock (exchange.Gate) exchange.LoadStartedAt = endpoint.Load.Start();
        if (SpeaksHttp1(exchange, clients))
        {
            Http1UpstreamLeg.Start(exchange, clients.Http1, endpoint.Address, _limits.MaxRequestHeadersTotalSize * 2);
            return;
        }

        var pool = clients.Http2;
        var open = pool.TryGet(endpoint.Address);
        if (open is not null && exchange.TryAttach(open)) return;
        _ = ConnectAndAttachAsync(exchange, pool, endpoint, open);
    }

    /// <summary>
    /// Whether the upstream stream is an HTTP/1.1 request: never towards a peer proxy (mTLS: HTTP/2 multiplexed,
    /// the application's protocol marked), else as configured, or as the application spoke it.
    /// </summary>
    private bool SpeaksHttp1(Http2Exchange exchange, UpstreamClients clients) =>
        !clients.UsesTls && Config.Upstream.Protocol switch
        {
            UpstreamProtocol.Http1 => true,
            UpstreamProtocol.Http2 => false,
            _ => exchange.Http1Origin,
        };

    private async Task ConnectAndAttachAsync(Http2Exchange exchange, Http2UpstreamPool pool, BalancedEndpoint endpoint, Http2ClientConnection? full)
    {
        try
        {
            // Each round either finds room or opens a connection; a few rounds cover streams taken meanwhile.
            for (var round = 0; round < 8; round++)
            {
                var connection = await pool.GetAsync(endpoint.Address, full, CancellationToken.None).ConfigureAwait(false);
                if (exchange.TryAttach(connection)) return;
                if (connection.Unusable)
                {
                    // Closed as soon as it was handed out (e.g. the peer refused this proxy's certificate after the
                    // TLS 1.3 handshake): the endpoint fails, and connecting again would only repeat the refusal.
                    ((IHttp2ExchangeOwner)this).OnUpstreamFailed(exchange, ForwarderError.Connect, unprocessed: false);
                    return;
                }

                full = connection;
            }

            ((IHttp2ExchangeOwner)this).OnUpstreamFailed(exchange, ForwarderError.Request, unprocessed: false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            ((IHttp2ExchangeOwner)this).OnUpstreamFailed(exchange, ForwarderError.Connect, unprocessed: false);
        }
    }

    void IHttp2ExchangeOwner.OnUpstreamFailed(Http2Exchange exchange, ForwarderError error, bool unprocessed)
    {
        var endpoint = exchange.Endpoint;
        if (TakeLoad(exchange) is { } started && endpoint is not null)
        {
            // A stream the upstream refused unprocessed says nothing about its health.
            if (unprocessed) endpoint.Load.Complete(started);
            else endpoint.Load.Fail(FailurePenalty);
        }

        if (error == ForwarderError.ResponseHeadersTimeout)
        {
            exchange.Fail(error, ForwarderErrorText.StatusCode(error));
            return;
        }

        exchange.Error = error;
        var retry = (error == ForwarderError.Connect && exchange.CanRetry) || unprocessed;
        if (retry && exchange.Attempts < MaxAttempts && exchange.TryDetach())
        {
            if (error == ForwarderError.Connect) exchange.FailedEndpoint = endpoint;
            Route(exchange);
            return;
        }

        exchange.Fail(error, ForwarderErrorText.StatusCode(error));
    }

    void IHttp2ExchangeOwner.OnResponseStarted(Http2Exchange exchange)
    {
        if (TakeLoad(exchange) is { } started) exchange.Endpoint?.Load.Complete(started);
        exchange.LatencyMs = _time.GetElapsedTime(exchange.StartedAt).TotalMilliseconds;
        exchange.Error = ForwarderError.None;
    }

    void IHttp2ExchangeOwner.OnCompleted(Http2Exchange exchange)
    {
        if (TakeLoad(exchange) is { } started) exchange.Endpoint?.Load.Complete(started);
        if (!exchange.ResponseStarted) exchange.LatencyMs = _time.GetElapsedTime(exchange.StartedAt).TotalMilliseconds;
        var error = ForwarderErrorText.Label(exchange.Error);
        _metrics.ResponseCompleted(new ResponseLabels(exchange.Labels, exchange.Status, exchange.GrpcStatus, error), exchange.LatencyMs);
        if (exchange.Span is { } span)
        {
            exchange.Span = null;
            Tracing.ProxyTracing.Stop(span, exchange.Status, error, exchange.Labels.SourceId, SpanPeerIdentity(exchange.Labels, exchange.Endpoint), exchange.Endpoint?.Authority);
        }
    }

    private static long? TakeLoad(Http2Exchange exchange)
    {
        lock (exchange.Gate)
        {
            var started = exchange.LoadStartedAt;
            exchange.LoadStartedAt = null;
            return started;
        }
    }
}
