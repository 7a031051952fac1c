using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Weft.Mesh.IO;

/// <summary>
/// A TCP connection on an <see cref="IoLoop"/>, as a <see cref="Stream"/> (SslStream and the pipes sit on it).
/// </summary>
/// <remarks>
/// <para>Reads: a read tries recv(2) at once while the socket may hold data, else waits for the loop, which receives
/// straight into the waiting buffer and completes the read on its thread (the reader continues inline). A read that
/// returns less than asked for means the socket is drained (edge-triggered epoll reports every later arrival), so
/// the next read waits without the recv that would only answer EAGAIN — .NET's engine makes that extra call on every
/// read. The exception is a peer that has closed or failed (EPOLLRDHUP/HUP/ERR): its end is read at once.</para>
/// <para>Writes: on the loop thread, bytes are queued and sent once at the end of the loop's batch, so everything a
/// batch writes to one socket leaves in one send. On another thread they are sent at once (the loop keeps what the
/// kernel had no room for). WriteAsync completes when the bytes are queued; above 256 KiB queued it waits until the
/// queue is back under 64 KiB. Dispose sends what is queued; what the kernel has no room for yet is sent by the loop
/// before the socket closes (at most 30 s).</para>
/// <para>Every descriptor call happens under the stream's lock, and the descriptor is closed under it, so no call can
/// reach a reused descriptor.</para>
/// </remarks>
internal sealed class LoopStream : Stream, ILoopHandler, IValueTaskSource<int>
{
    private const int InitialBuffer = 16 * 1024;
    private const int HighWater = 256 * 1024;
    private const int LowWater = 64 * 1024;
    private const uint Interest = Native.EPOLLIN | Native.EPOLLOUT | Native.EPOLLRDHUP | Native.EPOLLET;
    private const uint Hangup = Native.EPOLLRDHUP | Native.EPOLLHUP | Native.EPOLLERR;
    private static readonly TimeSpan LingerLimit = TimeSpan.FromSeconds(30);

    private readonly IoLoop _loop;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly ulong _token;
    private readonly Lock _gate = new();

    private ManualResetValueTaskSourceCore<int> _read;
    private Memory<byte> _readBuffer;
    private bool _readPending;
    private CancellationTokenRegistration _readCancel;
    private bool _readable = true;
    private bool _hangup;
    private bool _readEof;
    private int _readErrno;

    private byte[]? _out;
    private int _outStart;
    private int _outEnd;
    private bool _dirty;
    private bool _awaitingOut;
    private bool _shutdownRequested;
    private bool _sendShut;
    private int _writeErrno;
    private RoomWaiter? _room;
    private bool _roomPending;

    private TaskCompletionSource? _connecting;
    private bool _disposed;
    private bool _released;
    private Timer? _lingerTimer;

    private LoopStream(Socket socket, IoLoop loop, TaskCompletionSource? connecting)
    {
        _loop = loop;
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _connecting = connecting; // set before registering: the loop may report the connect before the constructor returns
        _token = loop.Register(_fd, this, Interest);
    }

    /// <summary>The socket (options, endpoints); its I/O goes through this stream only.</summary>
    public Socket Socket => _socket;

    public IoLoop Loop => _loop;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    private int Buffered => _outEnd - _outStart;

    /// <summary>An accepted, non-blocking socket.</summary>
    public static LoopStream Accepted(Socket socket, IoLoop loop) => new(socket, loop, connecting: null);

    /// <summary>Connects <paramref name="socket"/> (options already set) without blocking; disposes it on failure.</summary>
    public static async ValueTask<LoopStream> ConnectAsync(Socket socket, EndPoint endpoint, CancellationToken cancellationToken)
    {
        LoopStream? stream = null;
        try
        {
            socket.Blocking = false;
            var pending = false;
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
                pending = true;
            }

            var connected = pending ? new TaskCompletionSource() : null;
            stream = new LoopStream(socket, IoLoop.Next(), connected);
            if (connected is not null)
            {
                using var registration = cancellationToken.UnsafeRegister(static s => ((LoopStream)s!).FailConnect(null), stream);
                await connected.Task.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return stream;
        }
        catch
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// When set, a read the loop completes continues on the thread pool instead of inline on the loop thread. Set
    /// around a TLS handshake (its certificate checks and key exchange take ~1 ms of CPU, which would stall every other
    /// socket of the loop); the data path keeps inline completions. Change it only while no read is pending.
    /// </summary>
    public bool CompleteReadsOffLoop
    {
        get => _read.RunContinuationsAsynchronously;
        set => _read.RunContinuationsAsynchronously = value;
    }

    /// <summary>
    /// Runs <paramref name="work"/> (a TLS handshake over <paramref name="transport"/>) off the loop thread: it starts
    /// on the thread pool when called on the loop, and reads the loop completes on the transport continue there until
    /// it ends. Any other transport just runs it.
    /// </summary>
    public static async Task OffLoopAsync(Stream? transport, Func<Task> work)
    {
        var socket = transport as LoopStream;
        if (socket is not null) socket.CompleteReadsOffLoop = true;
        try
        {
            if (IoLoop.OnLoopThread) await Task.Yield();
            await work().ConfigureAwait(false);
        }
        finally
        {
            if (socket is not null) socket.CompleteReadsOffLoop = false;
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_readPending) throw new InvalidOperationException("a read is already pending on this connection");
            switch (TryReceive(buffer.Span, out var n))
            {
                case Outcome.Done: return new ValueTask<int>(n);
                case Outcome.Failed: return ValueTask.FromException<int>(Errno.IoFailure(_readErrno, "read data from"));
                case Outcome.WouldBlock:
                default: break;
            }

            _readBuffer = buffer;
            _readPending = true;
            _read.Reset();
            if (cancellationToken.CanBeCanceled)
                _readCancel = cancellationToken.UnsafeRegister(static (s, token) => ((LoopStream)s!).CancelRead(token), this);
            return new ValueTask<int>(this, _read.Version);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>A blocking read; never on the loop thread, which would wait for itself.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = ReadAsync(buffer.AsMemory(offset, count));
        if (!read.IsCompleted && _loop.IsCurrent) throw new InvalidOperationException("a blocking read on the I/O loop's own thread");
        return read.IsCompleted ? read.Result : read.AsTask().GetAwaiter().GetResult();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => Write(buffer, mayWait: true);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Write(buffer.AsMemory(offset, count), mayWait: true).AsTask();

    /// <summary>A blocking write queues without waiting for room (a pipe completing on the loop thread writes this way).</summary>
    public override void Write(byte[] buffer, int offset, int count)
    {
        var write = Write(buffer.AsMemory(offset, count), mayWait: false);
        if (write.IsCompleted) write.GetAwaiter().GetResult(); // queued or sent: always complete without a wait
    }

    private ValueTask Write(ReadOnlyMemory<byte> buffer, bool mayWait)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writeErrno != 0) return ValueTask.FromException(Errno.IoFailure(_writeErrno, "write data to"));
            if (_shutdownRequested) return ValueTask.FromException(new IOException("the connection's sending side is shut down"));
            if (buffer.IsEmpty) return default;
            var span = buffer.Span;
            if (Buffered == 0 && !_loop.IsCurrent)
            {
                // Off the loop (timers, the thread pool): send now; the loop keeps what the kernel has no room for.
                var sent = SendSome(span);
                if (sent < 0) return ValueTask.FromException(Errno.IoFailure(_writeErrno, "write data to"));
                if (sent == span.Length) return default;
                Append(span[sent..]);
                _awaitingOut = true;
            }
            else
            {
                Append(span);
                ScheduleFlush();
            }

            if (Buffered <= HighWater || !mayWait) return default;
            _room ??= new RoomWaiter();
            _room.Reset();
            _roomPending = true;
            return _room.Task;
        }
    }

    /// <summary>Bytes written are already queued for sending (at the end of the loop's batch at the latest).</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    /// <summary>Half-close: FIN after the queued bytes; reading goes on.</summary>
    public void ShutdownSend()
    {
        lock (_gate)
        {
            if (_released || _shutdownRequested) return;
            _shutdownRequested = true;
            if (Buffered == 0) ShutdownNow();
        }
    }

    /// <summary>Ends the connection both ways now (a pending read sees the end); Dispose still releases it.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (_released) return;
            _ = Native.shutdown(_fd, Native.SHUT_RDWR);
            _sendShut = true;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public void OnEvents(uint events)
    {
        if ((events & (Native.EPOLLOUT | Native.EPOLLERR | Native.EPOLLHUP)) != 0) OnWritable();
        if ((events & (Native.EPOLLIN | Hangup)) != 0) OnReadable(events);
    }

    /// <summary>The loop's write phase: send what this batch queued.</summary>
    public void FlushFromLoop()
    {
        RoomWaiter? room;
        lock (_gate)
        {
            _dirty = false;
            if (_released) return;
            room = SendQueued();
        }

        room?.Complete(_writeErrno);
    }

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            base.Dispose(disposing);
            return;
        }

        bool completeRead;
        RoomWaiter? room;
        TaskCompletionSource? connecting;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            completeRead = _readPending;
            _readPending = false;
            _readBuffer = default;
            _readCancel.Unregister();
            room = _roomPending ? _room : null;
            _roomPending = false;
            connecting = _connecting;
            _connecting = null;
            if (!_released) _ = SendQueued(); // releases the socket once nothing is left to send (it is disposed now)
            if (!_released)
            {
                // The kernel had no room for all of it: the loop sends the rest (OUT events), then releases it.
                _shutdownRequested = true;
                _lingerTimer = new Timer(static s => ((LoopStream)s!).ForceRelease(), this, LingerLimit, Timeout.InfiniteTimeSpan);
            }
        }

        connecting?.TrySetException(new ObjectDisposedException(nameof(LoopStream)));
        room?.Fail(new ObjectDisposedException(nameof(LoopStream)));
        if (completeRead) _read.SetResult(0);
        base.Dispose(disposing);
    }

    private Outcome TryReceive(Span<byte> buffer, out int n)
    {
        n = 0;
        if (_readErrno != 0) return Outcome.Failed;
        if (_readEof) return Outcome.Done;
        if (!_readable) return Outcome.WouldBlock;
        if (buffer.IsEmpty) return Outcome.Done; // a zero-byte read: data may be there
        while (true)
        {
            var r = Native.Receive(_fd, buffer);
            if (r > 0)
            {
                n = (int)r;
                if (n < buffer.Length && !_hangup) _readable = false; // drained; the next arrival is reported
                return Outcome.Done;
            }

            if (r == 0)
            {
                _readEof = true;
                return Outcome.Done;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR) continue;
            if (errno == Native.EAGAIN)
            {
                _readable = false;
                return Outcome.WouldBlock;
            }

            _readErrno = errno;
            return Outcome.Failed;
        }
    }

    private void OnReadable(uint events)
    {
        int n;
        Outcome outcome;
        CancellationTokenRegistration registration;
        lock (_gate)
        {
            if (_released) return;
            _readable = true;
            if ((events & Hangup) != 0) _hangup = true;
            if (!_readPending) return;
            outcome = TryReceive(_readBuffer.Span, out n);
            if (outcome == Outcome.WouldBlock) return;
            _readPending = false;
            _readBuffer = default;
            registration = _readCancel;
            _readCancel = default;
        }

        registration.Unregister();
        if (outcome == Outcome.Failed) _read.SetException(Errno.IoFailure(_readErrno, "read data from"));
        else _read.SetResult(n);
    }

    private void CancelRead(CancellationToken token)
    {
        lock (_gate)
        {
            if (!_readPending) return;
            _readPending = false;
            _readBuffer = default;
            _readCancel = default;
        }

        _read.SetException(new OperationCanceledException(token));
    }

    private void OnWritable()
    {
        TaskCompletionSource? connecting;
        var connectErrno = 0;
        RoomWaiter? room = null;
        lock (_gate)
        {
            if (_released) return;
            connecting = _connecting;
            _connecting = null;
            if (connecting is not null) connectErrno = PendingError();
            else if (_awaitingOut)
            {
                _awaitingOut = false;
                room = SendQueued();
            }
        }

        room?.Complete(_writeErrno);
        if (connecting is null) return;
        if (connectErrno == 0) connecting.TrySetResult();
        else connecting.TrySetException(new SocketException((int)Errno.ToSocketError(connectErrno)));
    }

    private void FailConnect(Exception? error)
    {
        TaskCompletionSource? connecting;
        lock (_gate)
        {
            connecting = _connecting;
            _connecting = null;
        }

        connecting?.TrySetException(error ?? new OperationCanceledException("connect timed out"));
    }

    /// <summary>SO_ERROR: the result of a non-blocking connect.</summary>
    private int PendingError()
    {
        Span<byte> value = stackalloc byte[4];
        return _socket.GetRawSocketOption(1 /* SOL_SOCKET */, 4 /* SO_ERROR */, value) == 4 ? BitConverter.ToInt32(value) : 0;
    }

    /// <summary>
    /// Queued bytes go at the end of the loop's batch, or when the kernel has room again; off the loop (where bytes
    /// are queued only behind a send the kernel had no room for, which the loop finishes) they go now.
    /// </summary>
    private void ScheduleFlush()
    {
        if (_dirty || _awaitingOut) return;
        if (_loop.IsCurrent)
        {
            _dirty = true;
            _loop.MarkDirty(this);
        }
        else
        {
            _ = SendQueued(); // no writer waits for room: the caller is the (one) writer
        }
    }

    /// <summary>Sends the queue; returns the writer to release when it drained below the low mark (or failed).</summary>
    private RoomWaiter? SendQueued()
    {
        if (Buffered > 0 && _writeErrno == 0)
        {
            var sent = SendSome(_out.AsSpan(_outStart, Buffered));
            if (sent > 0) _outStart += sent;
            if (Buffered > 0 && _writeErrno == 0) _awaitingOut = true;
        }

        if (Buffered == 0 || _writeErrno != 0)
        {
            _outStart = _outEnd = 0;
            if (_out is { Length: > InitialBuffer } large)
            {
                _out = null;
                ArrayPool<byte>.Shared.Return(large);
            }

            if (_shutdownRequested && !_sendShut && _writeErrno == 0) ShutdownNow();
            if (_disposed) ReleaseLocked(); // a lingering close has sent its last bytes
        }

        if (!_roomPending || (Buffered > LowWater && _writeErrno == 0)) return null;
        _roomPending = false;
        return _room;
    }

    /// <summary>send(2) until done or the kernel has no room; the count sent, or -1 with <see cref="_writeErrno"/> set.</summary>
    private int SendSome(ReadOnlySpan<byte> bytes)
    {
        var total = 0;
        while (total < bytes.Length)
        {
            var r = Native.Send(_fd, bytes[total..]);
            if (r > 0)
            {
                total += (int)r;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR) continue;
            if (errno == Native.EAGAIN) break;
            _writeErrno = errno;
            return -1;
        }

        return total;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_out is null)
        {
            _out = ArrayPool<byte>.Shared.Rent(Math.Max(InitialBuffer, bytes.Length));
        }
        else if (_outEnd + bytes.Length > _out.Length)
        {
            var needed = Buffered + bytes.Length;
            if (needed <= _out.Length)
            {
                _out.AsSpan(_outStart, Buffered).CopyTo(_out);
            }
            else
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _out.Length * 2));
                _out.AsSpan(_outStart, Buffered).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_out);
                _out = larger;
            }

            _outEnd = Buffered;
            _outStart = 0;
        }

        bytes.CopyTo(_out.AsSpan(_outEnd));
        _outEnd += bytes.Length;
    }

    private void ShutdownNow()
    {
        _ = Native.shutdown(_fd, Native.SHUT_WR);
        _sendShut = true;
    }

    private void ForceRelease()
    {
        lock (_gate) ReleaseLocked();
    }

    private void ReleaseLocked()
    {
        if (_released) return;
        _released = true;
        _lingerTimer?.Dispose();
        _loop.Unregister(_token, _fd);
        _socket.Dispose();
        if (_out is { } buffer)
        {
            _out = null;
            _outStart = _outEnd = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum Outcome
    {
        Done,
        WouldBlock,
        Failed,
    }

    /// <summary>A writer waiting for the send queue to drain (one at a time, reused).</summary>
    private sealed class RoomWaiter : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core;

        public ValueTask Task => new(this, _core.Version);

        public void Reset() => _core.Reset();

        /// <summary>Room again, or the write failure (<paramref name="errno"/> ≠ 0) the writer gets instead.</summary>
        public void Complete(int errno)
        {
            if (errno != 0) Fail(Errno.IoFailure(errno, "write data to"));
            else _core.SetResult(true);
        }

        public void Fail(Exception error) => _core.SetException(error);

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
