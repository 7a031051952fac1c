using System.Buffers;
using Weft.Mesh.Balancing;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// One forwarded request: the client's stream on a downstream connection, Weft's stream on an upstream connection
/// (attached once a connection has room), the header sections as bytes, and the routing state of its owner. Bodies
/// pass from one stream to the other as the receiving side's windows allow (see <see cref="Http2Connection.Send"/>).
/// Lock order: the exchange's <see cref="Gate"/>, then one connection's lock at a time.
/// </summary>
internal sealed partial class Http2Exchange
{
    public Http2Exchange(IHttp2ExchangeOwner owner)
    {
        Owner = owner;
        Down = new Http2Stream(this);
        Up = new Http2Stream(this);
    }

    public Lock Gate { get; } = new();

    /// <summary>The owner's per-connection state of the client's connection.</summary>
    public object? Session { get; set; }

    /// <summary>
    /// The request came from an application speaking HTTP/1.1 (directly, or marked so by the peer proxy that carried
    /// it over HTTP/2): a plain upstream gets it as HTTP/1.1 (<see cref="Bridge.Http1UpstreamLeg"/>).
    /// </summary>
    public bool Http1Origin { get; set; }

    public IHttp2ExchangeOwner Owner { get; }

    /// <summary>The client's stream (server role).</summary>
    public Http2Stream Down { get; }

    /// <summary>The stream towards the upstream (client role); replaced when the request is retried.</summary>
    public Http2Stream Up { get; private set; }

    public Http2HeaderList Request { get; } = new();

    public Http2HeaderList Response { get; } = new();

    public Http2HeaderList Trailers { get; } = new();

    public Http2HeaderList RequestTrailers { get; } = new();

    /// <summary>Final response headers arrived from the upstream.</summary>
    public bool ResponseStarted { get; private set; }

    public bool Completed { get; private set; }

    /// <summary>Request body bytes went to the current upstream stream (a retry could not resend them).</summary>
    public bool RequestDataSent { get; private set; }

    public ForwarderError Error { get; set; }

    public int Status { get; set; }

    /// <summary>grpc-status of the trailers or of a headers-only response, "" when absent.</summary>
    public string GrpcStatus { get; private set; } = "";

    // Routing state kept by the owner.
    public RequestLabels Labels { get; set; }

    public long StartedAt { get; set; }

    public double LatencyMs { get; set; }

    public bool CanRetry { get; set; }

    public int Attempts { get; set; }

    public BalancedEndpoint? Endpoint { get; set; }

    public BalancedEndpoint? FailedEndpoint { get; set; }

    /// <summary>Timestamp of the endpoint's Load.Start while a request is outstanding on it, else null.</summary>
    public long? LoadStartedAt { get; set; }

    public byte[] Scheme { get; set; } = [];

    public byte[] ClientId { get; set; } = [];

    /// <summary>This request's span while spans are exported, else null.</summary>
    public System.Diagnostics.Activity? Span { get; set; }

    /// <summary>The span's W3C id, forwarded as traceparent in place of the client's; empty without a span.</summary>
    public byte[] TraceParent { get; set; } = [];

    public ITimer? ResponseTimer { get; set; }

    /// <summary>Opens the upstream stream on <paramref name="connection"/>; false when it has no room (try another).</summary>
    public bool TryAttach(Http2ClientConnection connection)
    {
        lock (Gate)
        {
            if (Completed) return true;
            var up = Up;
            var endStream = up.PendingEnd && up.Pending.Length == 0 && up.PendingTrailers is null;
            if (!connection.TryOpen(up, Request, Scheme, ClientId, TraceParent, endStream, Http1Origin)) return false;
            if (up.Pending.Length > 0 || (up.PendingEnd && !up.SentEnd)) Forward(up, Down, ReadOnlySequence<byte>.Empty);
            return true;
        }
    }

    /// <summary>Body bytes received on <paramref name="from"/>: on to the other side as its windows allow.</summary>
    public void OnData(Http2Stream from, in ReadOnlySequence<byte> data, bool endStream)
    {
        lock (Gate)
        {
            var to = Other(from);
            if (Completed || to is null)
            {
                from.Connection?.Credit(from, (int)data.Length);
                return;
            }

            if (endStream) to.PendingEnd = true;
            if (to.Connection is null)
            {
                to.Pending.Append(data); // credited when the upstream stream opens and takes it
                return;
            }

            Forward(to, from, data);
            CheckDone();
        }
    }

    /// <summary>The peer of <paramref name="to"/> opened its window (or settings changed): send what waits.</summary>
    public void Resume(Http2Stream to)
    {
        lock (Gate)
        {
            if (Completed || Other(to) is not { } from || to.Connection is null) return;
            Forward(to, from, ReadOnlySequence<byte>.Empty);
            CheckDone();
        }
    }

    /// <summary>Trailers of the request (a HEADERS with END_STREAM after the body).</summary>
    public void OnRequestTrailers()
    {
        lock (Gate)
        {
            Down.ReceivedEnd = true;
            if (Completed) return;
            Up.PendingTrailers = RequestTrailers;
            Up.PendingEnd = true;
            if (Up.Connection is not null) Forward(Up, Down, ReadOnlySequence<byte>.Empty);
        }
    }

    private void Forward(Http2Stream to, Http2Stream from, in ReadOnlySequence<byte> data)
    {
        var sent = to.Connection!.Send(to, data);
        if (sent == 0) return;
        if (ReferenceEquals(to, Up)) RequestDataSent = true;
        from.Connection?.Credit(from, sent);
    }

    private Http2Stream? Other(Http2Stream stream) =>
        ReferenceEquals(stream, Down) ? Up : ReferenceEquals(stream, Up) ? Down : null;

    /// <summary>The response reached the client completely: the exchange is over.</summary>
    private void CheckDone()
    {
        if (!Completed && Down.SentEnd) Finish();
    }

    /// <summary>Closes whatever is still open on both sides and reports completion (under <see cref="Gate"/>).</summary>
    private void Finish()
    {
        Completed = true;
        ResponseTimer?.Dispose();
        ResponseTimer = null;
        // Queued bytes are dropped; their senders get the credit back (connection windows must not leak).
        Down.Connection?.Credit(Down, Up.Pending.Length);
        Up.Connection?.Credit(Up, Down.Pending.Length);
        // §8.1: a complete response ends the exchange; a request still streaming in is cut with NO_ERROR.
        Down.Connection?.Reset(Down, Down.SentEnd ? Http2ErrorCode.NoError : Http2ErrorCode.Cancel);
        Up.Connection?.Reset(Up, Http2ErrorCode.Cancel);
        Down.Pending.Dispose();
        Up.Pending.Dispose();
        Owner.OnCompleted(this);
    }

    internal static string GrpcStatusOf(Http2HeaderList fields)
    {
        var value = fields.Find("grpc-status"u8);
        return value.IsEmpty ? "" : GrpcStatusText(value);
    }

    /// <summary>gRPC status codes 0–16 as cached strings; anything else is allocated.</summary>
    private static string GrpcStatusText(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 2 && int.TryParse(value, out var code) && code is >= 0 and <= 16) return Codes[code];
        return System.Text.Encoding.ASCII.GetString(value);
    }

    private static readonly string[] Codes = [.. Enumerable.Range(0, 17).Select(i => i.ToString())];
}
