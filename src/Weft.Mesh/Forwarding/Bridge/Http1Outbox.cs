using System.Buffers;
using System.IO.Pipelines;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Forwarding.Bridge;

/// <summary>
/// The bytes one HTTP/1.1 message leg has to send: written by the exchange under its lock (from any connection's
/// read loop, never blocking), copied to the HTTP/1.1 connection by one writer loop at a time, which alone awaits
/// the socket (as <see cref="Http2Connection"/>'s flush loop: appended under the lock, swapped out, written in one
/// go). Bounded like an HTTP/2 window: at most <see cref="Budget"/> bytes wait here; beyond that a stream's bytes
/// stay in its own queue and the writer resumes it when it has drained (the sender gets credit only for bytes
/// taken, so a slow HTTP/1.1 peer slows its sender down instead of growing memory).
/// </summary>
internal sealed class Http1Outbox(Http2Exchange exchange) : IBatchedWriter, IBufferWriter<byte>, IDisposable
{
    public const int Budget = 64 * 1024;

    private readonly TaskCompletionSource<bool> _done = new();
    private Http2OutputBuffer _pending = new();
    private Http2OutputBuffer _writing = new();

    /// <summary>Bytes appended and not yet written out (guarded by the exchange's lock).</summary>
    private int _buffered;
    private bool _running;
    private bool _ending;
    private bool _completed;
    private Http2Stream? _waiting;

    /// <summary>Where the bytes go; set before anything is signalled.</summary>
    public PipeWriter? Destination { get; set; }

    /// <summary>The message's body goes out in chunks (its length was not known when the head was written).</summary>
    public bool Chunked { get; set; }

    /// <summary>True once the whole message was written out; false when it was abandoned or the connection failed.</summary>
    public Task<bool> Completion => _done.Task;

    /// <summary>Where heads and framing are written (every byte counts against the budget). Under the exchange's lock.</summary>
    public IBufferWriter<byte> Writer => this;

    public void Advance(int count)
    {
        _pending.Advance(count);
        _buffered += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    /// <summary>What was written goes out: at the end of the batch running on this thread, or now.</summary>
    public void Signal()
    {
        if (!WriteBatch.Defer(this)) FlushBatch();
    }

    /// <summary>Starts the writer loop unless it runs already (it loops until everything is out).</summary>
    public void FlushBatch()
    {
        lock (exchange.Gate)
        {
            if (_running || _completed || (_pending.Length == 0 && !_ending)) return;
            _running = true;
        }

        _ = WriteLoopAsync();
    }

    /// <summary>
    /// <see cref="IExchangeLeg.Send"/> for an HTTP/1.1 leg: body bytes within the budget (framed as chunks when
    /// <see cref="Chunked"/>), the rest queued on the stream; the end of the message once everything is out.
    /// Returns the body bytes taken. Under the exchange's lock.
    /// </summary>
    public int Send(Http2Stream stream, in ReadOnlySequence<byte> incoming)
    {
        if (stream.Closed)
        {
            var dropped = stream.Pending.Length + (int)incoming.Length;
            stream.Pending.Consume(stream.Pending.Length);
            return dropped;
        }

        var taken = 0;
        if (stream.Pending.Length > 0 && Budget - _buffered > 0)
        {
            var n = Math.Min(stream.Pending.Length, Budget - _buffered);
            WriteBody(stream.Pending.Peek(n));
            stream.Pending.Consume(n);
            taken += n;
        }

        var rest = incoming;
        if (stream.Pending.Length == 0 && !rest.IsEmpty && Budget - _buffered > 0)
        {
            var n = (int)Math.Min(rest.Length, Budget - _buffered);
            WriteBody(rest.Slice(0, n));
            rest = rest.Slice(n);
            taken += n;
        }

        stream.Pending.Append(rest);
        if (stream.Pending.Length > 0)
        {
            _waiting = stream;
        }
        else if (stream.PendingEnd && !stream.SentEnd)
        {
            if (Chunked) Http1Fields.WriteTrailers(this, stream.PendingTrailers);
            stream.SentEnd = true;
            _ending = true;
        }

        Signal();
        return taken;
    }

    /// <summary>The message is complete: the writer finishes once what is here is out. Under the exchange's lock.</summary>
    public void Complete()
    {
        _ending = true;
        Signal();
    }

    /// <summary>The message was cut off (a reset): nothing more goes out. Under the exchange's lock.</summary>
    public void Abandon()
    {
        if (_completed) return;
        _completed = true;
        _done.TrySetResult(false);
    }

    /// <summary>Returns the buffers unless the writer still runs (it returns them when it completes).</summary>
    public void Dispose()
    {
        lock (exchange.Gate)
        {
            if (_running) return;
            _pending.Dispose();
            _writing.Dispose();
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            Http2Stream? resume;
            bool ok;
            lock (exchange.Gate)
            {
                if (_completed || (_pending.Length == 0 && !_ending))
                {
                    _running = false;
                    break;
                }

                if (_pending.Length == 0)
                {
                    // Everything is out and the message ended.
                    _running = false;
                    _completed = true;
                    break;
                }

                (_pending, _writing) = (_writing, _pending);
            }

            try
            {
                var flush = await Destination!.WriteAsync(_writing.Written).ConfigureAwait(false);
                ok = !flush.IsCompleted && !flush.IsCanceled;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.ConnectionResetException)
            {
                ok = false;
            }

            lock (exchange.Gate)
            {
                _buffered -= _writing.Length;
                _writing.Clear();
                resume = _waiting;
                _waiting = null;
                if (!ok) _completed = true;
            }

            if (!ok)
            {
                _done.TrySetResult(false);
                return;
            }

            if (resume is not null) exchange.Resume(resume);
        }

        bool finished;
        lock (exchange.Gate)
        {
            finished = _completed && _ending && _pending.Length == 0;
            if (_completed)
            {
                // Buffers go back to the pool; nothing is written after completion.
                _pending.Dispose();
                _writing.Dispose();
            }
        }

        if (finished) _done.TrySetResult(true);
    }

    private void WriteBody(in ReadOnlySequence<byte> data)
    {
        if (data.IsEmpty) return;
        if (Chunked)
        {
            Span<byte> size = stackalloc byte[10];
            ((int)data.Length).TryFormat(size, out var digits, "x", System.Globalization.CultureInfo.InvariantCulture);
            this.Write<byte>(size[..digits]);
            this.Write<byte>("\r\n"u8);
        }

        foreach (var segment in data) this.Write<byte>(segment.Span);
        if (Chunked) this.Write<byte>("\r\n"u8);
    }
}
