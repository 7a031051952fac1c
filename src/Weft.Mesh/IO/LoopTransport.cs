using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Weft.Mesh.IO;

/// <summary>Kestrel's transport on Weft's own loop: the proxy's listeners accept onto <see cref="LoopStream"/>s.</summary>
internal sealed class LoopTransportFactory : IConnectionListenerFactory
{
    private const int AddressInUse = 98; // EADDRINUSE

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint ip) throw new NotSupportedException($"the proxy listens on IP endpoints only, not {endpoint}");
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(ip);
            socket.Listen(512);
            socket.Blocking = false;
        }
        catch (SocketException e) when (e.NativeErrorCode == AddressInUse || e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(e.Message, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ValueTask<IConnectionListener>(new LoopListener(socket, IoLoop.Next()));
    }
}

/// <summary>A listening socket on the loop: accept4(2) until EAGAIN, then wait for the loop to report the next arrivals.</summary>
internal sealed class LoopListener : IConnectionListener, ILoopHandler
{
    private readonly Socket _socket;
    private readonly IoLoop _loop;
    private readonly int _fd;
    private readonly ulong _token;
    private readonly Lock _gate = new();
    private bool _readable = true;
    private bool _closed;
    private TaskCompletionSource<bool>? _waiting;

    public LoopListener(Socket socket, IoLoop loop)
    {
        _socket = socket;
        _loop = loop;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        EndPoint = socket.LocalEndPoint!;
        _token = loop.Register(_fd, this, Native.EPOLLIN | Native.EPOLLET);
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TaskCompletionSource<bool> waiting;
            var busy = false;
            lock (_gate)
            {
                if (_closed) return null;
                while (_readable)
                {
                    var fd = Native.Accept(_fd);
                    if (fd >= 0 && Connection(fd) is { } accepted) return accepted;
                    if (fd >= 0) continue; // could not be set up (closed at once): the next one
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Native.EAGAIN) _readable = false;
                    else if (errno is not (Native.EINTR or 103 /* ECONNABORTED */))
                    {
                        busy = true; // out of descriptors or memory: try again shortly
                        break;
                    }
                }

                waiting = _waiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (busy)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (cancellationToken.UnsafeRegister(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), waiting))
            {
                if (!await waiting.Task.ConfigureAwait(false)) return null;
            }
        }
    }

    public void OnEvents(uint events)
    {
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            _readable = true;
            waiting = _waiting;
            _waiting = null;
        }

        waiting?.TrySetResult(true);
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            if (_closed) return default;
            _closed = true;
            waiting = _waiting;
            _waiting = null;
            _loop.Unregister(_token, _fd);
            _socket.Dispose();
        }

        waiting?.TrySetResult(false);
        return default;
    }

    public ValueTask DisposeAsync() => UnbindAsync();

    /// <summary>
    /// The accepted descriptor as a connection, or null (and closed) when it cannot be set up — e.g. the peer reset it
    /// already, so its endpoints cannot be read. Never throws: an exception out of AcceptAsync would end Kestrel's
    /// accept loop for good.
    /// </summary>
    private static LoopConnection? Connection(int fd)
    {
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        Socket? socket = null;
        LoopStream? stream = null;
        try
        {
            socket = new Socket(handle) { NoDelay = true };
            stream = LoopStream.Accepted(socket, IoLoop.Next());
            return new LoopConnection(stream);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            if (stream is not null) stream.Dispose(); // unregisters, then closes
            else if (socket is not null) socket.Dispose();
            else handle.Dispose();
            return null;
        }
    }
}

/// <summary>An accepted connection as Kestrel sees it: pipes over the loop stream and the usual transport features.</summary>
internal sealed class LoopConnection : ConnectionContext, IConnectionIdFeature, IConnectionTransportFeature, IConnectionItemsFeature,
    IConnectionLifetimeFeature, IConnectionSocketFeature, IConnectionEndPointFeature
{
    private static long s_ids;
    private readonly LoopStream _stream;
    private readonly CancellationTokenSource _closed = new();
    private int _closing;

    public LoopConnection(LoopStream stream)
    {
        _stream = stream;
        ConnectionId = "W" + Interlocked.Increment(ref s_ids).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        LocalEndPoint = stream.Socket.LocalEndPoint;
        RemoteEndPoint = stream.Socket.RemoteEndPoint;
        Transport = new LoopDuplexPipe(stream);
        Features.Set<IConnectionIdFeature>(this);
        Features.Set<IConnectionTransportFeature>(this);
        Features.Set<IConnectionItemsFeature>(this);
        Features.Set<IConnectionLifetimeFeature>(this);
        Features.Set<IConnectionSocketFeature>(this);
        Features.Set<IConnectionEndPointFeature>(this);
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get => _closed.Token; set => throw new NotSupportedException(); }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public Socket Socket => _stream.Socket;

    /// <summary>The connection's socket stream (the TLS handshake moves its read completions off the loop).</summary>
    public LoopStream Stream => _stream;

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _stream.Abort();
        Closed();
    }

    public override async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        Closed();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>ConnectionClosed fires once, off the caller's stack (its callbacks may be long), as Kestrel's own transport does.</summary>
    private void Closed()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static cts =>
        {
            cts.Cancel();
            cts.Dispose();
        }, _closed, preferLocal: false);
    }
}

/// <summary>The pipes of a loop connection; completing the output half-closes the socket (FIN after the queued bytes).</summary>
internal sealed class LoopDuplexPipe(LoopStream stream) : IDuplexPipe
{
    public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 2048, leaveOpen: true));

    public PipeWriter Output { get; } = new HalfClosingWriter(stream);

    private sealed class HalfClosingWriter(LoopStream stream) : PipeWriter
    {
        private readonly PipeWriter _inner = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));

        public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => _inner.UnflushedBytes;

        public override void Advance(int bytes) => _inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(source, cancellationToken);

        public override void CancelPendingFlush() => _inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            try
            {
                _inner.Complete(exception);
            }
            finally
            {
                stream.ShutdownSend();
            }
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            try
            {
                await _inner.CompleteAsync(exception).ConfigureAwait(false);
            }
            finally
            {
                stream.ShutdownSend();
            }
        }
    }
}
