using System.Buffers;
using System.IO.Pipelines;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// The server role: a client's (or a peer proxy's) HTTP/2 connection. Each request stream becomes an
/// <see cref="Http2Exchange"/> handed to the owner. Limits: SETTINGS_MAX_CONCURRENT_STREAMS (excess streams are
/// refused), the header list size, a deadline for the preface and for any incomplete header block (slowloris), an
/// idle timeout, and a graceful GOAWAY when the server shuts down.
/// </summary>
internal sealed class Http2ServerConnection : Http2Connection
{
    /// <summary>A connection without streams for this long is closed (as the HTTP/1.1 path's keep-alive timeout).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(130);

    private readonly IHttp2ExchangeOwner _owner;
    private readonly ProxyLimits _limits;
    private readonly (Http2Setting, uint)[] _settings;
    private readonly ITimer _timer;
    private int _lastStreamId;
    private bool _prefaceDone;
    private bool _goingAway;
    private long _blockSince;

    public Http2ServerConnection(IDuplexPipe transport, IHttp2ExchangeOwner owner, ProxyLimits limits, TimeProvider time)
        : base(transport, limits.MaxRequestHeadersTotalSize, time)
    {
        _owner = owner;
        _limits = limits;
        _settings =
        [
            (Http2Setting.MaxConcurrentStreams, (uint)limits.MaxConcurrentStreams),
            (Http2Setting.InitialWindowSize, StreamWindow),
            (Http2Setting.MaxHeaderListSize, (uint)limits.MaxRequestHeadersTotalSize),
        ];
        _blockSince = time.GetTimestamp();
        var period = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, Math.Max(limits.RequestHeadersTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond)));
        _timer = time.CreateTimer(static s => ((Http2ServerConnection)s!).Tick(), this, period, period);
    }

    /// <summary>Per-connection state the owner keeps (the listener's connection state).</summary>
    public object? State { get; init; }

    protected override ReadOnlySpan<(Http2Setting Id, uint Value)> LocalSettings => _settings;

    protected override int LastPeerStreamId => _lastStreamId;

    /// <summary>Graceful shutdown: GOAWAY(NO_ERROR) with the last stream taken; the connection closes when its streams end.</summary>
    public void BeginShutdown()
    {
        lock (Gate) _goingAway = true;
        GoAway(Http2ErrorCode.NoError);
        CloseIfDrained();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _timer.Dispose();
        base.Dispose(disposing);
    }

    protected override int LastKnownStreamId(int streamId) => _lastStreamId;

    protected override async ValueTask<bool> StartAsync(CancellationToken cancellationToken)
    {
        // The detector has seen the preface but not consumed it; the header timeout bounds its arrival.
        var input = Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var preface = Http2FrameWriter.ClientPreface;
            if (buffer.Length >= preface.Length)
            {
                Span<byte> head = stackalloc byte[24];
                buffer.Slice(0, preface.Length).CopyTo(head);
                var ok = head.SequenceEqual(preface);
                input.AdvanceTo(buffer.GetPosition(ok ? preface.Length : 0));
                if (!ok) return false;
                _prefaceDone = true;
                _blockSince = 0;
                return true;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return false;
        }
    }

    public override Http2ErrorCode OnHeaders(int streamId, in ReadOnlySequence<byte> block, bool endStream)
    {
        Http2Stream? existing;
        bool refuse;
        lock (Gate)
        {
            TryGetLocked(streamId, out existing);
            refuse = existing is null && (_goingAway || StreamCount >= _limits.MaxConcurrentStreams);
            if (existing is null)
            {
                // A new stream's id must be odd and above every earlier one (§5.1.1).
                if ((streamId & 1) == 0 || streamId <= _lastStreamId) return Http2ErrorCode.ProtocolError;
                _lastStreamId = streamId;
            }
        }

        if (existing is not null)
        {
            var exchange = existing.Exchange;
            exchange.RequestTrailers.Clear();
            var trailers = HpackDecoder.Decode(block, exchange.RequestTrailers);
            if (trailers == HpackStatus.CompressionError) return Http2ErrorCode.CompressionError;
            if (!endStream || trailers != HpackStatus.Ok)
            {
                OnStreamError(streamId, Http2ErrorCode.ProtocolError);
                return Http2ErrorCode.NoError;
            }

            exchange.OnRequestTrailers();
            return Http2ErrorCode.NoError;
        }

        if (refuse)
        {
            if (HpackDecoder.Decode(block, DiscardingHeaderSink.Instance) == HpackStatus.CompressionError) return Http2ErrorCode.CompressionError;
            OnStreamError(streamId, Http2ErrorCode.RefusedStream);
            return Http2ErrorCode.NoError;
        }

        var x = new Http2Exchange(_owner) { Session = State };
        var status = HpackDecoder.Decode(block, x.Request);
        if (status == HpackStatus.CompressionError) return Http2ErrorCode.CompressionError;
        var down = x.Down;
        lock (Gate)
        {
            down.Connection = this;
            down.Id = streamId;
            down.SendWindow = PeerSettings.InitialWindowSize;
            down.ReceiveWindow = StreamWindow;
            down.ReceivedEnd = endStream;
            AddLocked(down);
        }

        x.Up.PendingEnd = endStream;
        if (status == HpackStatus.HeaderListTooLarge)
        {
            x.Fail(ForwarderError.None, 431);
            return Http2ErrorCode.NoError;
        }

        _owner.OnRequest(x);
        return Http2ErrorCode.NoError;
    }

    public override void OnGoAway(int lastStreamId, Http2ErrorCode code)
    {
        // The client will open no more streams; those open finish.
        lock (Gate) _goingAway = true;
        CloseIfDrained();
    }

    protected override void AfterBatch()
    {
        if (!InHeaderBlock) _blockSince = 0;
        else if (_blockSince == 0) _blockSince = Time.GetTimestamp();
        if (_goingAway) CloseIfDrained();
    }

    protected override void OnClosed(IReadOnlyList<Http2Stream> streams)
    {
        _timer.Dispose();
        foreach (var stream in streams) stream.Exchange.OnReset(stream, Http2ErrorCode.Cancel, sent: false);
    }

    private void CloseIfDrained()
    {
        bool drained;
        lock (Gate) drained = _goingAway && StreamCount == 0;
        if (drained) Abort();
    }

    private void Tick()
    {
        if (IsClosed) return;
        var since = _blockSince;
        if (since == 0 && InHeaderBlock) _blockSince = since = Time.GetTimestamp(); // the read loop has not got to its AfterBatch yet
        if (since != 0 && Time.GetElapsedTime(since) > _limits.RequestHeadersTimeout)
        {
            // Slowloris: the preface or a header block did not complete in time.
            if (_prefaceDone) GoAway(Http2ErrorCode.EnhanceYourCalm);
            else Abort();
            return;
        }

        bool idle;
        lock (Gate) idle = StreamCount == 0 && since == 0;
        if (idle && Time.GetElapsedTime(LastActivity) > IdleTimeout)
        {
            GoAway(Http2ErrorCode.NoError);
            Abort();
            return;
        }

        if (_goingAway) CloseIfDrained();
    }
}
