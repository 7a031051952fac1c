using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Weft.Mesh.Config;
using Weft.Mesh.Detection;
using Weft.Mesh.Forwarding;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>Connection middlewares: accounting, protocol detection, identity after the mTLS handshake.</summary>
public sealed partial class ProxyServer
{
    /// <summary>Accounting around one accepted connection, then its kind's steps (mTLS, permissive or plaintext).</summary>
    private async Task TrackAsync(ConnectionContext connection, ProxyListener listener)
    {
        var security = listener.Config.Security;
        var tls = security == ListenerSecurity.MutualTls;
        var state = new ConnectionState(listener);
        state.Attach(connection.Items);
        if (listener.Config.Transparent)
        {
            var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
            state.OriginalDestination = socket is null ? null : OriginalDestination.TryGet(socket);
            if (state.OriginalDestination is null) return; // not redirected: nowhere to forward to
        }

        var counting = new CountingDuplexPipe(connection.Transport);
        connection.Transport = counting;
        Metrics.TcpOpened(listener.Direction, tls);
        try
        {
            await (security switch
            {
                ListenerSecurity.MutualTls => TlsAsync(connection, listener),
                // A peer proxy's ClientHello goes to the mTLS branch; the application's own TLS passes through.
                ListenerSecurity.Permissive => PermissiveAsync(connection, listener),
                _ => DetectAsync(connection, listener),
            }).ConfigureAwait(false);
        }
        finally
        {
            if (tls && !state.HandshakeCounted) Metrics.TlsHandshake(listener.Direction, "handshake_error");
            Metrics.TcpClosed(listener.Direction, tls, counting.ReadBytes, counting.WrittenBytes);
        }
    }

    /// <summary>
    /// A permissive listener: a peer proxy's ClientHello to the mTLS branch, the application's own TLS passed through
    /// as opaque, the rest detected as plaintext.
    /// </summary>
    private async Task PermissiveAsync(ConnectionContext connection, ProxyListener listener)
    {
        var protocol = await PeekProtocolAsync(connection).ConfigureAwait(false);
        if (protocol == DetectedProtocol.Tls)
        {
            if (await IsPeerProxyHelloAsync(connection, listener).ConfigureAwait(false)) await TlsAsync(connection, listener).ConfigureAwait(false);
            else await listener.ForwardOpaqueAsync(connection.Transport, ConnectionState.From(connection.Items), connection.ConnectionClosed).ConfigureAwait(false);
            return;
        }

        await DetectAsync(connection, listener).ConfigureAwait(false);
    }

    /// <summary>A plaintext connection: the fast paths, opaque TCP, or what they do not take to the general path.</summary>
    private async Task DetectAsync(ConnectionContext connection, ProxyListener listener)
    {
        var protocol = await PeekProtocolAsync(connection).ConfigureAwait(false);
        switch (protocol)
        {
            case DetectedProtocol.Http1 when listener.Http1FastPath:
                await listener.ServeHttp1Async(connection, _serveFallback, ConnectionState.From(connection.Items)).ConfigureAwait(false);
                break;
            case DetectedProtocol.Http1:
                await _fallback.ServeAsync(connection).ConfigureAwait(false);
                break;
            case DetectedProtocol.Http2 when ProxyListener.Http2FastPath:
                await listener.ServeHttp2Async(connection, ConnectionState.From(connection.Items)).ConfigureAwait(false);
                break;
            case DetectedProtocol.Http2:
                await _fallback.ServeH2cAsync(connection).ConfigureAwait(false);
                break;
            case DetectedProtocol.Tls or DetectedProtocol.Opaque:
                await listener.ForwardOpaqueAsync(connection.Transport, ConnectionState.From(connection.Items), connection.ConnectionClosed).ConfigureAwait(false);
                break;
            default:
                break; // closed before saying anything
        }
    }

    /// <summary>Reads without consuming until the detector decides, the client stops talking (opaque) or closes.</summary>
    private async Task<DetectedProtocol> PeekProtocolAsync(ConnectionContext connection)
    {
        var (protocol, timedOut) = await PeekAsync(connection, static (buffer, completed) =>
        {
            var protocol = ProtocolDetector.Detect(buffer);
            if (protocol == DetectedProtocol.NeedMore && completed) protocol = buffer.IsEmpty ? DetectedProtocol.NeedMore : DetectedProtocol.Opaque;
            return (protocol != DetectedProtocol.NeedMore, protocol);
        }).ConfigureAwait(false);
        return timedOut ? DetectedProtocol.Opaque : protocol; // server-speaks-first protocols send nothing: forward as opaque
    }

    /// <summary>
    /// Reads without consuming until <paramref name="decide"/> is done with the bytes so far, the client closes, or the
    /// detection timeout passes (<c>TimedOut</c>).
    /// </summary>
    private async Task<(T Value, bool TimedOut)> PeekAsync<T>(ConnectionContext connection, Func<System.Buffers.ReadOnlySequence<byte>, bool, (bool Done, T Value)> decide)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(Config.Limits.DetectTimeout, Runtime.Time);
        while (true)
        {
            System.IO.Pipelines.ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return (default!, true);
            }

            var buffer = result.Buffer;
            var (done, value) = decide(buffer, result.IsCompleted);
            done |= result.IsCompleted;
            input.AdvanceTo(buffer.Start, done ? buffer.Start : buffer.End);
            if (done) return (value, false);
        }
    }

    private async Task AfterHandshakeAsync(ConnectionContext connection, ProxyListener listener)
    {
        var state = ConnectionState.From(connection.Items);
        if (state is not null && !state.HandshakeCounted)
        {
            state.HandshakeCounted = true;
            Metrics.TlsHandshake(listener.Direction, "success");
        }

        var alpn = connection.Features.Get<ServerTls>()?.ApplicationProtocol ?? default;
        if (alpn.Span.SequenceEqual(UpstreamClients.OpaqueAlpn.Protocol.Span))
        {
            // Opaque streams have no requests to label, so the proven peer identity goes to the log.
            ProxyLog.OpaqueMutualTls(_logger, state?.PeerIdentity ?? "", connection.RemoteEndPoint, state?.OriginalDestination);
            await listener.ForwardOpaqueAsync(connection.Transport, ConnectionState.From(connection.Items), connection.ConnectionClosed).ConfigureAwait(false);
            return;
        }

        // A peer proxy's HTTP/1.1 keep-alive connection (ALPN http/1.1): the fast path, like plaintext HTTP/1.
        if (listener.Http1FastPath && alpn.Span.SequenceEqual(System.Net.Security.SslApplicationProtocol.Http11.Protocol.Span))
        {
            await listener.ServeHttp1Async(connection, _serveFallback, state).ConfigureAwait(false);
            return;
        }

        // A peer proxy's HTTP/2 connection (ALPN h2): the HTTP/2 fast path, like plaintext prior knowledge.
        if (ProxyListener.Http2FastPath && alpn.Span.SequenceEqual(System.Net.Security.SslApplicationProtocol.Http2.Protocol.Span))
        {
            await listener.ServeHttp2Async(connection, state).ConfigureAwait(false);
            return;
        }

        await _fallback.ServeAsync(connection).ConfigureAwait(false);
    }
}
