using System.IO.Pipelines;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding.Bridge;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Hosting;

/// <summary>
/// HTTP/1.1 clients whose requests leave as HTTP/2: towards a peer proxy (mTLS), where they are multiplexed over one
/// connection per peer with the HTTP/2 fast path's per-request balancing, and the peer proxy, told by
/// <see cref="Http2HeaderRules.OriginProtocol"/>, speaks HTTP/1.1 to its application again; and towards a plain
/// upstream configured for HTTP/2. Each request becomes an <see cref="Http2Exchange"/> whose client side is an
/// <see cref="Http1ClientLeg"/>: the same routing, retries, limits, metrics and spans as an HTTP/2 client's request.
/// </summary>
internal sealed partial class ProxyListener
{
    /// <summary>Set WEFT_HTTP1_OVER_HTTP2=0 to keep HTTP/1.1 keep-alive connections between proxies (A/B benchmarks).</summary>
    private static readonly bool Http1OverHttp2Enabled = Environment.GetEnvironmentVariable("WEFT_HTTP1_OVER_HTTP2") != "0";

    /// <summary>HTTP/1.1 requests on this listener go out as HTTP/2 (see the type's summary).</summary>
    public bool Http1OverHttp2 => Http1OverHttp2Enabled
        && (Clients.UsesTls || MeshClients is not null || Config.Upstream.Protocol == UpstreamProtocol.Http2);

    /// <summary>Forwards the request whose head is in <paramref name="session"/> as an exchange; false when the client connection must close.</summary>
    private async ValueTask<bool> ForwardHttp1AsExchangeAsync(PipeReader input, PipeWriter output, Http1Session session, ConnectionState? state)
    {
        var request = session.Request;
        var clientClose = request.Close || session.CloseRequested;
        var exchange = new Http2Exchange(this)
        {
            Session = session.Bridge ??= new Http2Session(state, ClientIdBytes(state)) { Tls = session.Tls, ClientAddress = session.ClientAddress },
            Http1Origin = true,
        };
        var leg = new Http1ClientLeg(exchange, output, request.Method.SequenceEqual("HEAD"u8), clientClose);
        Http1Fields.FromRequest(request, exchange.Request);
        var hasBody = request.Framing != BodyFraming.None;
        var down = exchange.Down;
        down.Connection = leg;
        down.ReceivedEnd = !hasBody;
        exchange.Up.PendingEnd = !hasBody;
        var batch = WriteBatch.Begin(); // the request's frames (or an error answer) leave in one write
        try
        {
            ((IHttp2ExchangeOwner)this).OnRequest(exchange);
        }
        finally
        {
            if (batch) WriteBatch.End();
        }

        var body = hasBody ? Http1BodyReader.ReadAsync(input, request.Framing, request.ContentLength, exchange, down, leg.RequestCredit) : null;
        var sent = await leg.Outbox.Completion.ConfigureAwait(false);
        leg.Outbox.Dispose();
        var keep = sent && !leg.CloseAfterResponse && !clientClose;
        if (body is not null)
        {
            if (!body.IsCompleted)
            {
                input.CancelPendingRead();
                keep = false; // the rest of the request body is still unread
            }

            var read = await body.ConfigureAwait(false);
            if (read != BodyCopy.Completed)
            {
                keep = false;
                if (read == BodyCopy.SourceFailed) exchange.OnReset(down, Http2ErrorCode.Cancel, sent: false);
            }
        }

        // The client went away before the whole response reached it: the exchange ends here.
        if (!sent) exchange.OnReset(down, Http2ErrorCode.Cancel, sent: false);
        return keep;
    }
}
