using System.Runtime.InteropServices;

namespace Weft.Mesh.IO;

/// <summary>Something registered with an <see cref="IoLoop"/>: told about its descriptor's readiness, on the loop's thread.</summary>
internal interface ILoopHandler
{
    void OnEvents(uint events);
}

/// <summary>
/// Weft's own event loop for the proxy's sockets: one thread around epoll_wait, edge-triggered registrations, and a
/// write phase per batch. Handlers run on the loop thread and complete the reads they were waiting for there, so the
/// forwarding code continues inline; what it writes on the loop thread is only queued, and every socket written to
/// during the batch is sent once at the batch's end. The frames of all the requests that arrived together therefore
/// leave in one send per socket, as in haproxy's or nginx's event loops — .NET's socket engine completes each socket
/// on its own and has no end-of-batch point, which cost the proxy a send per request per connection.
/// </summary>
/// <remarks>
/// Linux only (epoll). <c>WEFT_IO_LOOP=0</c> switches it off: sockets then go through .NET's own engine.
/// <c>WEFT_IO_THREADS=N</c> runs N loops (connections spread round-robin); one by default, as a sidecar's traffic
/// rarely needs more than a core.
/// </remarks>
internal sealed unsafe class IoLoop
{
    private const int MaxEvents = 256;

    [ThreadStatic]
    private static IoLoop? t_current;

    private static readonly Lazy<IoLoop[]> Loops = new(() =>
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("WEFT_IO_THREADS"), out var n) && n is > 0 and <= 64 ? n : 1;
        return [.. Enumerable.Range(0, count).Select(i => new IoLoop(i))];
    });

    private static int s_next;

    private readonly int _epoll;
    private readonly Lock _gate = new();
    private readonly Stack<int> _free = new();
    private List<LoopStream> _dirty = [];
    private List<LoopStream> _flushing = [];
    private ILoopHandler?[] _handlers = new ILoopHandler?[64];
    private uint[] _generations = new uint[64];
    private int _next;

    private IoLoop(int index)
    {
        _epoll = Native.EpollCreate();
        if (_epoll < 0) throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        new Thread(Run) { IsBackground = true, Name = $"weft-io-{index}" }.Start();
    }

    /// <summary>Whether the proxy's sockets use Weft's loop: Linux, and not switched off with <c>WEFT_IO_LOOP=0</c>.</summary>
    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("WEFT_IO_LOOP") != "0";

    /// <summary>The loop for a new socket (round-robin over the loops).</summary>
    public static IoLoop Next()
    {
        var loops = Loops.Value;
        return loops.Length == 1 ? loops[0] : loops[(int)((uint)Interlocked.Increment(ref s_next) % (uint)loops.Length)];
    }

    /// <summary>True on this loop's own thread (writes there are queued for the end of the batch).</summary>
    public bool IsCurrent => t_current == this;

    /// <summary>True on any loop's thread: long work (a TLS handshake's crypto) must move off it first.</summary>
    public static bool OnLoopThread => t_current is not null;

    /// <summary>Adds <paramref name="fd"/> (edge-triggered <paramref name="events"/>); the returned token unregisters it.</summary>
    public ulong Register(int fd, ILoopHandler handler, uint events)
    {
        ulong token;
        lock (_gate)
        {
            var slot = _free.Count > 0 ? _free.Pop() : _next++;
            if (slot == _handlers.Length)
            {
                Array.Resize(ref _handlers, slot * 2);
                Array.Resize(ref _generations, slot * 2);
            }

            _handlers[slot] = handler;
            token = ((ulong)_generations[slot] << 32) | (uint)slot;
        }

        if (Native.EpollAdd(_epoll, fd, events, token) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Release(token);
            throw new System.Net.Sockets.SocketException((int)Errno.ToSocketError(errno));
        }

        return token;
    }

    /// <summary>Removes the descriptor before it is closed; an event of it still in the loop's batch is then ignored.</summary>
    public void Unregister(ulong token, int fd)
    {
        _ = Native.EpollDelete(_epoll, fd);
        Release(token);
    }

    /// <summary>Queues <paramref name="stream"/>'s buffered bytes for the end of this batch (loop thread only).</summary>
    public void MarkDirty(LoopStream stream) => _dirty.Add(stream);

    private void Release(ulong token)
    {
        var slot = (int)(uint)token;
        lock (_gate)
        {
            if (_generations[slot] != (uint)(token >> 32)) return;
            _handlers[slot] = null;
            _generations[slot]++;
            _free.Push(slot);
        }
    }

    private ILoopHandler? Lookup(ulong token)
    {
        var slot = (int)(uint)token;
        lock (_gate) return slot < _next && _generations[slot] == (uint)(token >> 32) ? _handlers[slot] : null;
    }

    private void Run()
    {
        t_current = this;
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Native.EventSize));
        while (true)
        {
            // Never sleep with bytes still queued (a flush that queued more).
            var timeout = _dirty.Count > 0 ? 0 : -1;
            var n = Native.epoll_wait(_epoll, events, MaxEvents, timeout);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() != Native.EINTR) Thread.Sleep(1);
                continue;
            }

            // The forwarding code's write batch spans the whole epoll batch: an HTTP/2 connection that many requests
            // wrote to encodes their frames into one TLS record and one send, however many sockets they came from.
            var batch = Forwarding.Http2.WriteBatch.Begin();
            for (var i = 0; i < n; i++)
            {
                try
                {
                    Lookup(Native.DataAt(events, i))?.OnEvents(Native.EventsAt(events, i));
                }
                catch (Exception e)
                {
                    Failed(e);
                }
            }

            if (batch) Forwarding.Http2.WriteBatch.End();
            Flush();
        }
    }

    /// <summary>The write phase: every socket written to in this batch sends what it queued, once.</summary>
    private void Flush()
    {
        // Sending can complete a writer that was waiting for room, whose continuation may queue more: a few rounds.
        for (var round = 0; round < 4 && _dirty.Count > 0; round++)
        {
            (_flushing, _dirty) = (_dirty, _flushing);
            foreach (var stream in _flushing)
            {
                try
                {
                    stream.FlushFromLoop();
                }
                catch (Exception e)
                {
                    Failed(e);
                }
            }

            _flushing.Clear();
        }
    }

    /// <summary>A handler threw: a bug, since handlers complete their waiters instead; the loop must go on regardless.</summary>
    private static void Failed(Exception e) => Console.Error.WriteLine($"weft-io: handler failed: {e}");
}
