using System.Buffers;
using System.Net;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Forwarding.Bridge;

/// <summary>
/// The upstream's side of an exchange whose upstream speaks HTTP/1.1 (an application behind the server proxy, or a
/// plain endpoint): one pooled keep-alive connection per request, the request head written from the exchange's
/// fields, its body from the exchange's DATA, the response head parsed into the exchange's response fields and its
/// body handed on as DATA. A pooled connection that turns out closed before any response byte is retried elsewhere
/// without penalty for requests that may be retried; the connection goes back to the pool only after a clean exchange.
/// </summary>
internal sealed class Http1UpstreamLeg : IExchangeLeg
{
    private readonly Http2Exchange _exchange;
    private readonly Http2Stream _stream;
    private readonly Http1Pool _pool;
    private readonly IPEndPoint _endpoint;
    private readonly int _maxHead;
    private UpstreamConnection? _connection;
    private volatile bool _cancelled;

    private Http1UpstreamLeg(Http2Exchange exchange, Http1Pool pool, IPEndPoint endpoint, int maxHead)
    {
        _exchange = exchange;
        _stream = exchange.Up;
        _pool = pool;
        _endpoint = endpoint;
        _maxHead = maxHead;
        Outbox = new Http1Outbox(exchange);
    }

    public Http1Outbox Outbox { get; }

    /// <summary>Credit for the response body handed to the exchange.</summary>
    public BodyCredit ResponseCredit { get; } = new();

    /// <summary>Opens the exchange's upstream stream as an HTTP/1.1 request to <paramref name="endpoint"/>.</summary>
    public static void Start(Http2Exchange exchange, Http1Pool pool, IPEndPoint endpoint, int maxHead) =>
        _ = new Http1UpstreamLeg(exchange, pool, endpoint, maxHead).RunAsync();

    public int Send(Http2Stream stream, in ReadOnlySequence<byte> incoming) => Outbox.Send(stream, incoming);

    public void Credit(Http2Stream stream, int count) => ResponseCredit.Credit(count);

    public void Reset(Http2Stream stream, Http2ErrorCode code)
    {
        if (stream.Reset || (stream.SentEnd && stream.ReceivedEnd)) return; // done: RunAsync pools the connection
        stream.Reset = true;
        _cancelled = true;
        ResponseCredit.Cancel();
        Outbox.Abandon();
        _connection?.Close();
    }

    public void WriteFields(Http2Stream stream, Http2HeaderList fields, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> clientId, FieldSection section, bool endStream)
    {
        // Requests open through RunAsync; nothing else is sent towards an upstream as a header section.
    }

    public void WriteStatus(Http2Stream stream, int status)
    {
    }

    private async Task RunAsync()
    {
        var connection = _pool.TryRent(_endpoint);
        if (connection is null)
        {
            try
            {
                connection = await _pool.ConnectAsync(_endpoint, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                _exchange.Owner.OnUpstreamFailed(_exchange, ForwarderError.Connect, unprocessed: false);
                return;
            }
        }

        if (!Attach(connection))
        {
            _pool.Return(connection); // the exchange moved on while connecting; the connection is still good
            return;
        }

        _exchange.Resume(_stream); // the body queued while connecting
        var pump = Outbox.Completion;
        var reusable = await ReadResponseAsync(connection).ConfigureAwait(false);
        var sent = await pump.ConfigureAwait(false);
        Outbox.Dispose();
        if (_cancelled) return; // Reset closed it
        if (reusable && sent && _stream.SentEnd) _pool.Return(connection);
        else connection.Close();
    }

    /// <summary>Writes the request head, unless the exchange has finished or retried elsewhere meanwhile.</summary>
    private bool Attach(UpstreamConnection connection)
    {
        lock (_exchange.Gate)
        {
            if (_exchange.Completed || !ReferenceEquals(_exchange.Up, _stream) || _stream.Reset) return false;
            _connection = connection;
            _stream.Connection = this;
            Outbox.Destination = connection.Output;
            var hasBody = !(_stream.PendingEnd && _stream.Pending.Length == 0 && _stream.PendingTrailers is null);
            Outbox.Chunked = Http1Fields.WriteRequest(Outbox.Writer, _exchange.Request, hasBody, _exchange.ClientId, _exchange.TraceParent);
            Outbox.Signal();
            if (!hasBody)
            {
                _stream.SentEnd = true;
                Outbox.Complete();
            }

            return true;
        }
    }

    /// <summary>Reads the response into the exchange; true when the connection ended at a reusable message boundary.</summary>
    private async Task<bool> ReadResponseAsync(UpstreamConnection connection)
    {
        var input = connection.Input;
        var head = connection.ResponseHead;
        var headRequest = _exchange.Request.Find(":method"u8).SequenceEqual("HEAD"u8);
        var sawBytes = false;
        var batch = false;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                sawBytes |= !buffer.IsEmpty;
                var end = Http1Parser.FindEndOfHead(buffer);
                if (end < 0)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (!result.IsCompleted && !result.IsCanceled && buffer.Length <= _maxHead) continue;
                    Lost(connection.Reused && !sawBytes);
                    return false;
                }

                head.Load(buffer.Slice(0, end));
                input.AdvanceTo(buffer.GetPosition(end));
                if (Http1Parser.ParseResponse(head, headRequest) != ParseResult.Ok || head.StatusCode == 101)
                {
                    Lost(unprocessed: false);
                    return false;
                }

                if (_cancelled || !ReferenceEquals(_exchange.Up, _stream)) return false;
                Http1Fields.FromResponse(head, _exchange.Response);
                var final = head.StatusCode >= 200;
                var endStream = final && (head.Framing == BodyFraming.None || (head.Framing == BodyFraming.ContentLength && head.ContentLength == 0));
                // The head joins a batch with the body bytes that came with it (one write towards the client).
                batch = WriteBatch.Begin();
                _exchange.OnResponseHeaders(_stream, endStream);
                if (final && !endStream) break;
                if (batch) WriteBatch.End();
                batch = false;
                if (endStream) return !head.Close;
            }

            var close = head.Close || head.Framing == BodyFraming.CloseDelimited;
            var copied = await Http1BodyReader.ReadAsync(input, head.Framing, head.ContentLength, _exchange, _stream, ResponseCredit, batchOpen: batch).ConfigureAwait(false);
            batch = false;
            if (copied == BodyCopy.Completed) return !close;
            Lost(unprocessed: false);
            return false;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Lost(connection.Reused && !sawBytes);
            return false;
        }
        finally
        {
            if (batch) WriteBatch.End();
        }
    }

    /// <summary>
    /// The connection failed. A pooled one that closed before any response byte most likely timed out idle: a
    /// request that may be retried goes again without counting against the endpoint.
    /// </summary>
    private void Lost(bool unprocessed)
    {
        if (_cancelled) return;
        _exchange.OnUpstreamLost(_stream, unprocessed && _exchange.CanRetry);
    }
}
