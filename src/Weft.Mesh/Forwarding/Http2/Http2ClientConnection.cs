using System.Buffers;
using System.IO.Pipelines;
using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// The client role: one multiplexed connection to an upstream endpoint (h2c, or HTTP/2 in mTLS to a peer proxy).
/// Takes streams while the peer's SETTINGS_MAX_CONCURRENT_STREAMS allows and until GOAWAY or a drain; closes
/// when drained and idle.
/// </summary>
internal sealed class Http2ClientConnection : Http2Connection
{
    /// <summary>Until the server's SETTINGS arrive, assume the common default rather than "unlimited" (§5.1.2).</summary>
    private const int AssumedMaxStreams = 100;

    /// <summary>Idle connections are closed after this (upstreams commonly close idle ones after 60–130 s).</summary>
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    private static readonly (Http2Setting, uint)[] Settings =
    [
        (Http2Setting.EnablePush, 0),
        (Http2Setting.InitialWindowSize, StreamWindow),
    ];

    private readonly Stream _stream;
    private readonly ITimer _timer;
    private int _nextStreamId = 1;
    private bool _settingsReceived;
    private bool _draining;

    public Http2ClientConnection(Stream stream, int maxHeaderListSize, TimeProvider time)
        : this(stream, new StreamDuplexPipe(stream), maxHeaderListSize, time)
    {
    }

    private Http2ClientConnection(Stream stream, IDuplexPipe pipe, int maxHeaderListSize, TimeProvider time)
        : base(pipe, maxHeaderListSize, time)
    {
        _stream = stream;
        _timer = time.CreateTimer(static s => ((Http2ClientConnection)s!).Tick(), this, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    /// <summary>Takes no new streams (GOAWAY received, drained after a certificate rotation, or closed).</summary>
    public bool Unusable
    {
        get
        {
            lock (Gate) return IsClosed || _draining;
        }
    }

    /// <summary>Room for another stream now (a hint; <see cref="TryOpen"/> decides).</summary>
    public bool HasRoom
    {
        get
        {
            lock (Gate) return !IsClosed && !_draining && StreamCount < MaxStreams;
        }
    }

    protected override ReadOnlySpan<(Http2Setting Id, uint Value)> LocalSettings => Settings;

    private int MaxStreams => _settingsReceived ? PeerSettings.MaxConcurrentStreams : Math.Min(AssumedMaxStreams, PeerSettings.MaxConcurrentStreams);

    /// <summary>Opens <paramref name="stream"/> with the request's header block; false when there is no room.</summary>
    public bool TryOpen(Http2Stream stream, Http2HeaderList request, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> clientId, ReadOnlySpan<byte> traceParent, bool endStream, bool http1Origin = false)
    {
        lock (Gate)
        {
            if (IsClosed || _draining || StreamCount >= MaxStreams) return false;
            if (_nextStreamId > int.MaxValue - 2)
            {
                _draining = true; // stream ids exhausted (§5.1.1): a new connection takes over
                return false;
            }

            // The id is taken and the HEADERS appended under one lock: stream ids must reach the peer in
            // increasing order (§5.1.1), or it ends the connection with PROTOCOL_ERROR.
            stream.Connection = this;
            stream.Id = _nextStreamId;
            _nextStreamId += 2;
            stream.SendWindow = PeerSettings.InitialWindowSize;
            stream.ReceiveWindow = StreamWindow;
            AddLocked(stream);
            WriteFieldsLocked(stream, request, scheme, clientId, FieldSection.Request, endStream, traceParent, http1Origin);
            if (endStream) stream.SentEnd = true;
        }

        Touch();
        return true;
    }

    /// <summary>No new streams; close once the open ones are done (certificate rotation).</summary>
    public void Drain()
    {
        lock (Gate) _draining = true;
        CloseIfIdle();
    }

    protected override ValueTask<bool> StartAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    protected override void WritePreface(IBufferWriter<byte> output) => output.Write(Http2FrameWriter.ClientPreface);

    protected override int LastKnownStreamId(int streamId) => _nextStreamId - 2;

    public override Http2ErrorCode OnHeaders(int streamId, in ReadOnlySequence<byte> block, bool endStream)
    {
        Http2Stream? stream;
        lock (Gate)
        {
            if (!TryGetLocked(streamId, out stream!)) stream = null;
        }

        if (stream is null)
        {
            if ((streamId & 1) == 0 || streamId > LastKnownStreamId(streamId)) return Http2ErrorCode.ProtocolError;
            return HpackDecoder.Decode(block, DiscardingHeaderSink.Instance) == HpackStatus.CompressionError ? Http2ErrorCode.CompressionError : Http2ErrorCode.NoError;
        }

        var exchange = stream.Exchange;
        var trailers = exchange.ResponseStarted;
        var target = trailers ? exchange.Trailers : exchange.Response;
        target.Clear();
        var status = HpackDecoder.Decode(block, target);
        if (status == HpackStatus.CompressionError) return Http2ErrorCode.CompressionError;
        if (status != HpackStatus.Ok || (trailers && !endStream))
        {
            OnStreamError(streamId, Http2ErrorCode.ProtocolError);
            return Http2ErrorCode.NoError;
        }

        if (trailers) exchange.OnResponseTrailers(stream);
        else exchange.OnResponseHeaders(stream, endStream);
        return Http2ErrorCode.NoError;
    }

    public override Http2ErrorCode OnSettings(in ReadOnlySequence<byte> payload)
    {
        lock (Gate) _settingsReceived = true;
        return base.OnSettings(payload);
    }

    public override void OnGoAway(int lastStreamId, Http2ErrorCode code)
    {
        List<Http2Stream> unprocessed = [];
        lock (Gate)
        {
            _draining = true;
            // Our streams are odd: the first one above lastStreamId is lastStreamId + 1 (even) or + 2 (odd).
            for (var id = lastStreamId + 1 + (lastStreamId & 1); id < _nextStreamId; id += 2)
            {
                if (TryGetLocked(id, out var s)) unprocessed.Add(s);
            }
        }

        foreach (var s in unprocessed)
        {
            Remove(s);
            s.Exchange.OnUpstreamLost(s, unprocessed: true);
        }

        CloseIfIdle();
    }

    protected override void OnClosed(IReadOnlyList<Http2Stream> streams)
    {
        _timer.Dispose();
        foreach (var stream in streams) stream.Exchange.OnUpstreamLost(stream, unprocessed: false);
    }

    /// <summary>Straight to the stream (TLS or TCP): the batch is already one buffer, a pipe would only copy it again.</summary>
    protected override async ValueTask<bool> TransmitAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes).ConfigureAwait(false);
        return true;
    }

    protected override async ValueTask CompleteTransportAsync()
    {
        await base.CompleteTransportAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private void CloseIfIdle()
    {
        bool idle;
        lock (Gate) idle = _draining && StreamCount == 0;
        if (idle) Abort();
    }

    private void Tick()
    {
        if (IsClosed) return;
        bool idle;
        lock (Gate) idle = StreamCount == 0;
        if (idle && (_draining || Time.GetElapsedTime(LastActivity) > MaxIdle))
        {
            lock (Gate) _draining = true;
            GoAway(Http2ErrorCode.NoError);
            Abort();
        }
    }

    /// <summary>Pipes over the upstream stream (plain TCP or TLS).</summary>
    private sealed class StreamDuplexPipe(Stream stream) : IDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 32 * 1024, minimumReadSize: 4096, leaveOpen: true));

        public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true)); // unused: see TransmitAsync
    }
}
