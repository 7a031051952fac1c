using System.Buffers;
using System.IO.Pipelines;
using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// One HTTP/2 connection of the fast path, either role. A read loop decodes every frame in the buffer it got and
/// only then flushes (one write per batch, not per frame); frames are appended under <see cref="Gate"/> to one
/// output buffer together with the HPACK encoder's state, so header blocks leave in the order they were encoded.
/// The read loop never waits for a peer's window: data that cannot be sent yet waits in its stream's queue,
/// bounded by the window Weft advertised, and the sender gets credit back only when it has been passed on.
/// </summary>
internal abstract partial class Http2Connection : IHttp2FrameHandler, IExchangeLeg, IBatchedWriter, IDisposable
{
    /// <summary>
    /// Advertised receive windows: big enough that a stream of a fast peer never waits for a round trip on a
    /// 1–10 Gbit/s link at sub-millisecond RTT; small enough that the memory held per connection stays bounded
    /// (at most <see cref="ConnectionWindow"/> bytes queued per connection).
    /// </summary>
    public const int StreamWindow = 256 * 1024;

    public const int ConnectionWindow = 2 * 1024 * 1024;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Http2FrameDecoder _decoder;
    private readonly Dictionary<int, Http2Stream> _streams = [];
    private readonly List<Http2Stream> _blocked = [];
    private readonly System.Buffers.ArrayBufferWriter<byte> _block = new(1024);
    private Http2OutputBuffer _pending = new();
    private Http2OutputBuffer _writing = new();
    private bool _flushRunning;
    private Task _flushTask = Task.CompletedTask;
    private int _sendWindow = Http2PeerSettings.DefaultWindowSize;
    private int _receiveWindow = Http2PeerSettings.DefaultWindowSize;
    private int _connectionCredit;

    protected Http2Connection(IDuplexPipe transport, int maxHeaderListSize, TimeProvider time)
    {
        _input = transport.Input;
        _output = transport.Output;
        Time = time;
        _decoder = new Http2FrameDecoder(Http2PeerSettings.MinFrameSize, maxHeaderListSize * 2);
        HpackDecoder = new HpackDecoder(4096, maxHeaderListSize);
        LastActivity = time.GetTimestamp();
    }

    /// <summary>Guards the output buffer, the HPACK encoder, send windows and the stream table.</summary>
    public Lock Gate { get; } = new();

    public Http2PeerSettings PeerSettings { get; } = new();

    protected HpackDecoder HpackDecoder { get; }

    protected PipeReader Input => _input;

    protected HpackEncoder HpackEncoder { get; } = new();

    protected TimeProvider Time { get; }

    /// <summary>Streams open on this connection (guarded by <see cref="Gate"/>).</summary>
    protected int StreamCount => _streams.Count;

    protected long LastActivity { get; set; }

    /// <summary>The connection is closed or closing: nothing more is sent.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>A header block (or, server side, the preface) is incomplete: the slowloris timer runs.</summary>
    protected bool InHeaderBlock => _decoder.InHeaderBlock;

    /// <summary>Role-specific start (the server reads the client's preface); false ends the connection.</summary>
    protected abstract ValueTask<bool> StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What precedes this side's SETTINGS (the client's preface). It goes into the output buffer, so frames that
    /// other connections append while the connection starts can never overtake it.
    /// </summary>
    protected virtual void WritePreface(System.Buffers.IBufferWriter<byte> output)
    {
    }

    /// <summary>Settings this side advertises (sent first, then a connection WINDOW_UPDATE).</summary>
    protected abstract ReadOnlySpan<(Http2Setting Id, uint Value)> LocalSettings { get; }

    public abstract Http2ErrorCode OnHeaders(int streamId, in ReadOnlySequence<byte> block, bool endStream);

    public abstract void OnGoAway(int lastStreamId, Http2ErrorCode code);

    /// <summary>The connection is gone: every stream still on it learns so (called once, no lock held).</summary>
    protected abstract void OnClosed(IReadOnlyList<Http2Stream> streams);

    /// <summary>Runs the connection until either side closes it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            lock (Gate)
            {
                WritePreface(_pending);
                Http2FrameWriter.Settings(_pending, LocalSettings);
                Http2FrameWriter.WindowUpdate(_pending, 0, ConnectionWindow - Http2PeerSettings.DefaultWindowSize);
                _receiveWindow = ConnectionWindow;
            }

            if (!await StartAsync(cancellationToken).ConfigureAwait(false)) return;
            Schedule();
            await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or Microsoft.AspNetCore.Connections.ConnectionResetException or System.Net.Sockets.SocketException)
        {
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var error = Http2ErrorCode.NoError;
            var batch = WriteBatch.Begin();
            try
            {
                error = _decoder.Decode(ref buffer, this);
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (batch) WriteBatch.End();
                LastActivity = Time.GetTimestamp();
                AfterBatch();
            }

            if (error != Http2ErrorCode.NoError)
            {
                GoAway(error);
                return;
            }

            if (result.IsCompleted || result.IsCanceled || IsClosed) return;
        }
    }

    /// <summary>Hook after each read batch (timers, graceful close).</summary>
    protected virtual void AfterBatch()
    {
    }

    /// <summary>Sends GOAWAY with <paramref name="code"/> and stops reading.</summary>
    public void GoAway(Http2ErrorCode code, int lastStreamId = -1)
    {
        lock (Gate)
        {
            if (IsClosed) return;
            Http2FrameWriter.GoAway(_pending, lastStreamId < 0 ? LastPeerStreamId : lastStreamId, code);
            if (code != Http2ErrorCode.NoError) IsClosed = true;
        }

        Touch();
        if (code != Http2ErrorCode.NoError) _input.CancelPendingRead();
    }

    /// <summary>Ends the connection now (the read loop stops, streams are failed).</summary>
    public void Abort()
    {
        lock (Gate) IsClosed = true;
        _input.CancelPendingRead();
    }

    /// <summary>The highest stream id the peer opened (for GOAWAY).</summary>
    protected virtual int LastPeerStreamId => 0;

    private async Task CloseAsync()
    {
        Http2Stream[] streams;
        lock (Gate)
        {
            IsClosed = true;
            streams = [.. _streams.Values];
            _streams.Clear();
            _blocked.Clear();
        }

        OnClosed(streams);
        // Whatever was appended last (GOAWAY) still goes out before the transport completes.
        Task flush;
        lock (Gate)
        {
            if (!_flushRunning && _pending.Length > 0)
            {
                _flushRunning = true;
                _flushTask = FlushLoopAsync();
            }

            flush = _flushTask;
        }

        try
        {
            await flush.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _decoder.Dispose();
        await CompleteTransportAsync().ConfigureAwait(false);
        lock (Gate)
        {
            _pending.Dispose();
            _writing.Dispose();
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Buffers are returned when the connection closes; disposing again is harmless.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _decoder.Dispose();
        lock (Gate)
        {
            if (_flushRunning) return; // the writer still owns the buffers; CloseAsync returns them
            _pending.Dispose();
            _writing.Dispose();
        }
    }

    /// <summary>Writes one batch of frames to the transport; false when it is closed.</summary>
    protected virtual async ValueTask<bool> TransmitAsync(ReadOnlyMemory<byte> bytes)
    {
        var result = await _output.WriteAsync(bytes).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>Completes the pipes (and disposes an owned stream).</summary>
    protected virtual async ValueTask CompleteTransportAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>Marks this connection as having frames to send: flushed at the end of the current read batch, or now.</summary>
    protected void Touch()
    {
        if (!WriteBatch.Defer(this)) Schedule();
    }

    void IBatchedWriter.FlushBatch() => Schedule();

    /// <summary>Starts the writer unless it runs already (it loops until the buffer is empty).</summary>
    private void Schedule()
    {
        lock (Gate)
        {
            if (_flushRunning || _pending.Length == 0) return;
            _flushRunning = true;
        }

        _flushTask = FlushLoopAsync();
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            lock (Gate)
            {
                if (_pending.Length == 0)
                {
                    _flushRunning = false;
                    return;
                }

                (_pending, _writing) = (_writing, _pending);
            }

            try
            {
                if (!await TransmitAsync(_writing.Written).ConfigureAwait(false)) throw new IOException("the transport closed");
            }
            catch (Exception)
            {
                lock (Gate)
                {
                    _flushRunning = false;
                    IsClosed = true;
                }

                _input.CancelPendingRead();
                return;
            }
            finally
            {
                lock (Gate) _writing.Clear();
            }
        }
    }
}
