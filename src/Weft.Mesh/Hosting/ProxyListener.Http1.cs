using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The HTTP/1.1 fast path: request heads parsed on the connection's own buffers, forwarded with their bodies to a
/// pooled keep-alive upstream connection (plain, or mTLS with ALPN http/1.1 to the peer proxy), the response head
/// parsed for framing and copied back — no HttpContext, HttpRequestMessage or header dictionaries per request.
/// At any request boundary a request the fast path does not take (HTTP/1.0, Upgrade, Expect, absolute-form,
/// oversized or malformed heads…) hands the rest of the connection to Kestrel's HTTP server, which forwards it on
/// the general path or rejects it.
/// </summary>
internal sealed partial class ProxyListener
{
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>Set WEFT_HTTP1_FAST_PATH=0 to send every HTTP/1 connection through Kestrel (A/B benchmarks).</summary>
    private static readonly bool FastPathEnabled = Environment.GetEnvironmentVariable("WEFT_HTTP1_FAST_PATH") != "0";

    /// <summary>
    /// HTTP/1.1 connections on this listener may take the fast path: not when the upstream must be spoken to in h2c.
    /// Spans are recorded here as on the general path, so exporting traces does not change the data path.
    /// </summary>
    public bool Http1FastPath => FastPathEnabled
        && (Http1OverHttp2 || Clients.UsesTls || MeshClients is not null || Config.Upstream.Protocol != UpstreamProtocol.Http2);

    public async Task ServeHttp1Async(ConnectionContext connection, ConnectionDelegate fallback, ConnectionState? state)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var peer = state?.PeerIdentity ?? "";
        var clientId = Config.ForwardClientIdentity && peer.Length > 0 ? Http1Writer.ClientIdHeader(peer) : [];
        using var session = new Http1Session(_time, clientId)
        {
            Tls = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is not null,
            ClientAddress = (connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address,
        };
        // Server shutdown: an idle keep-alive connection closes at once, a busy one after its current response.
        var lifetime = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionLifetimeNotificationFeature>();
        using var closing = lifetime?.ConnectionClosedRequested.Register(static s => ((Http1Session)s!).RequestClose(), session);
        session.Input = input;
        while (!session.CloseRequested)
        {
            switch (await ReadRequestHeadAsync(input, session).ConfigureAwait(false))
            {
                case HeadRead.Closed:
                    return;
                case HeadRead.TimedOut:
                    Http1Writer.WriteStatus(output, 408, close: true);
                    await FlushQuietlyAsync(output).ConfigureAwait(false);
                    return;
                case HeadRead.Fallback:
                    await fallback(connection).ConfigureAwait(false);
                    return;
                default:
                    break;
            }

            var keep = Http1OverHttp2
                ? await ForwardHttp1AsExchangeAsync(input, output, session, state).ConfigureAwait(false)
                : await ForwardHttp1Async(input, output, session, state).ConfigureAwait(false);
            if (!keep) return;
        }
    }

    private async ValueTask<HeadRead> ReadRequestHeadAsync(PipeReader input, Http1Session session)
    {
        var maxHeaders = _limits.MaxRequestHeadersTotalSize;
        var token = session.StartTimer(KeepAliveTimeout);
        var waitingForFirstByte = true;
        session.Idle = true;
        if (session.CloseRequested) return HeadRead.Closed; // the close request came before Idle was visible
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (waitingForFirstByte && !buffer.IsEmpty)
                {
                    session.Idle = false;
                    // Slowloris guard: once a request has begun, its whole head must arrive within the header timeout.
                    waitingForFirstByte = false;
                    token = session.StartTimer(_limits.RequestHeadersTimeout);
                }

                var end = Http1Parser.FindEndOfHead(buffer);
                if (end >= 0)
                {
                    var head = session.Request;
                    head.Load(buffer.Slice(0, end));
                    var parsed = Http1Parser.ParseRequest(head);
                    if (parsed != ParseResult.Ok || head.Length - head.StartLineLength > maxHeaders)
                    {
                        input.AdvanceTo(buffer.Start);
                        return HeadRead.Fallback;
                    }

                    input.AdvanceTo(buffer.GetPosition(end));
                    return HeadRead.Ok;
                }

                // Too large to be a head we take: Kestrel answers 431/414 itself.
                if (buffer.Length > maxHeaders + 8192)
                {
                    input.AdvanceTo(buffer.Start);
                    return HeadRead.Fallback;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    input.AdvanceTo(buffer.End);
                    return HeadRead.Closed;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            return waitingForFirstByte ? HeadRead.Closed : HeadRead.TimedOut;
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ObjectDisposedException or InvalidOperationException)
        {
            return HeadRead.Closed;
        }
        finally
        {
            session.Idle = false;
            session.StopTimer();
        }
    }

    /// <summary>Forwards the request whose head is in <paramref name="session"/>; false when the client connection must close.</summary>
    private async ValueTask<bool> ForwardHttp1Async(PipeReader input, PipeWriter output, Http1Session session, ConnectionState? state)
    {
        var start = _time.GetTimestamp();
        var request = session.Request;
        var inbound = Config.Direction == TrafficDirection.Inbound;
        var peer = state?.PeerIdentity ?? "";
        var labels = new RequestLabels(
            Config.Direction,
            session.Authority(request.Host),
            inbound ? peer : LocalIdentity,
            inbound ? LocalIdentity : DestinationIdentity(state));
        _metrics.RequestStarted(labels);
        var span = Tracing.ProxyTracing.Start(request, Config.Direction, session.Tls, session.ClientAddress);
        var traceParentLine = span is null ? [] : Tracing.ProxyTracing.TraceParentLine(span);
        BalancedEndpoint? used = null;

        var hasBody = request.Framing != BodyFraming.None;
        var headRequest = request.Method.SequenceEqual("HEAD"u8);
        var canRetry = !hasBody && IsIdempotent(request.Method);
        var keepClient = !request.Close && !session.CloseRequested;
        var error = ForwarderError.NoEndpoints;
        var status = 0;
        var responseStarted = false;
        double latencyMs = 0;
        BalancedEndpoint? failed = null;
        var balancer = BalancerFor(state);

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var endpoint = balancer.Pick(failed);
            if (endpoint is null) break;
            var pool = ClientsFor(endpoint).Http1;
            used = endpoint;
            var sent = endpoint.Load.Start();
            var upstream = pool.TryRent(endpoint.Address);
            if (upstream is null)
            {
                try
                {
                    upstream = await pool.ConnectAsync(endpoint.Address, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
                {
                    endpoint.Load.Fail(FailurePenalty);
                    error = ForwarderError.Connect;
                    if (canRetry)
                    {
                        failed = endpoint;
                        continue;
                    }

                    break;
                }
            }

            Http1Writer.WriteRequestHead(upstream.Output, request, session.ClientIdHeader, traceParentLine);
            Task<BodyCopy>? body = hasBody ? Http1Body.CopyAndFlushAsync(input, upstream.Output, request.Framing, request.ContentLength) : null;
            var read = body is null && !await FlushUpstreamAsync(upstream.Output).ConfigureAwait(false)
                ? ResponseRead.Failed
                : await ReadResponseHeadAsync(upstream, output, session, headRequest).ConfigureAwait(false);
            if (read != ResponseRead.Ok)
            {
                upstream.Close();
                if (body is not null)
                {
                    input.CancelPendingRead();
                    await body.ConfigureAwait(false);
                    keepClient = false; // the rest of the request body is still unread
                }

                if (read == ResponseRead.Failed && upstream.Reused && canRetry)
                {
                    // A pooled connection the upstream had closed while idle: try a fresh one, no penalty.
                    endpoint.Load.Complete(sent);
                    pool.Drain(endpoint.Address);
                    continue;
                }

                endpoint.Load.Fail(FailurePenalty);
                error = read == ResponseRead.TimedOut ? ForwarderError.ResponseHeadersTimeout : ForwarderError.Request;
                break;
            }

            endpoint.Load.Complete(sent);
            latencyMs = _time.GetElapsedTime(start).TotalMilliseconds;
            var response = session.Response;
            status = response.StatusCode;
            // An early response (before the request body was sent) ends both connections after it.
            var requestPending = body is { IsCompleted: false };
            var closeClient = !keepClient || response.Framing == BodyFraming.CloseDelimited || requestPending;
            Http1Writer.WriteResponseHead(output, response, closeClient);
            responseStarted = true;
            var copied = await Http1Body.CopyAsync(upstream.Input, output, response.Framing, response.ContentLength, CancellationToken.None).ConfigureAwait(false);
            error = copied switch
            {
                BodyCopy.Completed => await FlushQuietlyAsync(output).ConfigureAwait(false) ? ForwarderError.None : ForwarderError.ClientCanceled,
                BodyCopy.SourceFailed => ForwarderError.ResponseBody,
                _ => ForwarderError.ClientCanceled,
            };

            var reusable = error == ForwarderError.None && !response.Close;
            if (body is not null)
            {
                if (!body.IsCompleted)
                {
                    input.CancelPendingRead();
                    reusable = false;
                    upstream.Close();
                }

                if (await body.ConfigureAwait(false) != BodyCopy.Completed)
                {
                    reusable = false;
                    closeClient = true;
                }
            }

            if (reusable) pool.Return(upstream);
            else upstream.Close();
            keepClient = error == ForwarderError.None && !closeClient;
            break;
        }

        if (error != ForwarderError.None)
        {
            if (status == 0) latencyMs = _time.GetElapsedTime(start).TotalMilliseconds;
            if (!responseStarted && error != ForwarderError.ClientCanceled)
            {
                status = ForwarderErrorText.StatusCode(error);
                // Without a body the connection is still at a message boundary and can stay open.
                keepClient = keepClient && !hasBody;
                Http1Writer.WriteStatus(output, status, close: !keepClient);
                if (!await FlushQuietlyAsync(output).ConfigureAwait(false)) keepClient = false;
            }
            else
            {
                keepClient = false;
            }
        }

        _metrics.ResponseCompleted(new ResponseLabels(labels, status, "", ForwarderErrorText.Label(error)), latencyMs);
        if (span is not null) Tracing.ProxyTracing.Stop(span, status, ForwarderErrorText.Label(error), labels.SourceId, SpanPeerIdentity(labels, used), used?.Authority);
        return keepClient;
    }

    /// <summary>Reads the final response head into the session, passing 1xx interim responses through to the client.</summary>
    private async ValueTask<ResponseRead> ReadResponseHeadAsync(UpstreamConnection upstream, PipeWriter client, Http1Session session, bool headRequest)
    {
        var input = upstream.Input;
        var token = session.StartResponseTimer(_limits.ResponseHeadersTimeout);
        var maxHead = _limits.MaxRequestHeadersTotalSize * 2;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var end = Http1Parser.FindEndOfHead(buffer);
                if (end < 0)
                {
                    if (result.IsCompleted || buffer.Length > maxHead)
                    {
                        input.AdvanceTo(buffer.End);
                        return buffer.IsEmpty ? ResponseRead.Failed : ResponseRead.Invalid;
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                var head = session.Response;
                head.Load(buffer.Slice(0, end));
                input.AdvanceTo(buffer.GetPosition(end));
                if (Http1Parser.ParseResponse(head, headRequest) != ParseResult.Ok || head.StatusCode == 101) return ResponseRead.Invalid;
                if (head.StatusCode >= 200) return ResponseRead.Ok;
                Http1Writer.WriteResponseHead(client, head, close: false); // 1xx interim (e.g. 103 Early Hints)
                if (!await FlushQuietlyAsync(client).ConfigureAwait(false)) return ResponseRead.Failed;
            }
        }
        catch (OperationCanceledException)
        {
            return ResponseRead.TimedOut;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            return ResponseRead.Failed;
        }
        finally
        {
            session.StopResponseTimer();
        }
    }

    private static async ValueTask<bool> FlushUpstreamAsync(PipeWriter upstream)
    {
        try
        {
            await upstream.FlushAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async ValueTask<bool> FlushQuietlyAsync(PipeWriter output)
    {
        try
        {
            var flush = await output.FlushAsync().ConfigureAwait(false);
            return !flush.IsCompleted && !flush.IsCanceled;
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsIdempotent(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8) || method.SequenceEqual("OPTIONS"u8)
        || method.SequenceEqual("PUT"u8) || method.SequenceEqual("DELETE"u8) || method.SequenceEqual("TRACE"u8);

    private enum HeadRead : byte
    {
        Ok,
        Closed,
        TimedOut,
        Fallback,
    }

    private enum ResponseRead : byte
    {
        Ok,
        Failed,
        Invalid,
        TimedOut,
    }
}
