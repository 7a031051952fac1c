using Weft.Mesh.Forwarding.Http1;

namespace Weft.Mesh.Hosting;

/// <summary>
/// Per-connection state of the HTTP/1.1 fast path, reused for every request on the connection: the parsed request
/// and response heads, the header timer and the last authority string (labels allocate nothing while it repeats).
/// </summary>
internal sealed class Http1Session(TimeProvider time, byte[] clientIdHeader) : IDisposable
{
    private CancellationTokenSource _timer = new(Timeout.InfiniteTimeSpan, time);
    private CancellationTokenSource? _responseTimer;
    private readonly AuthorityCache _authority = new();

    public Http1Head Request { get; } = new();

    public Http1Head Response { get; } = new();

    /// <summary>The connection's input, so a close request can wake a read that waits for the next request.</summary>
    public System.IO.Pipelines.PipeReader? Input { get; set; }

    /// <summary>Waiting for the first byte of the next request (nothing in flight).</summary>
    public bool Idle { get; set; }

    /// <summary>The server is shutting down: no further request is read on this connection.</summary>
    public bool CloseRequested { get; private set; }

    /// <summary>The connection is TLS (a peer proxy's mTLS): spans record url.scheme https.</summary>
    public bool Tls { get; init; }

    /// <summary>The client's address, for spans.</summary>
    public System.Net.IPAddress? ClientAddress { get; init; }

    /// <summary>"x-weft-client-id: …\r\n" to add towards the application, or empty.</summary>
    public byte[] ClientIdHeader { get; } = clientIdHeader;

    /// <summary>The connection's state for requests forwarded as exchanges (<see cref="ProxyListener.Http1OverHttp2"/>).</summary>
    public Http2Session? Bridge { get; set; }

    /// <summary>A token cancelled after <paramref name="delay"/> (the previous use is reset first).</summary>
    public CancellationToken StartTimer(TimeSpan delay)
    {
        _timer = Reset(_timer);
        _timer.CancelAfter(delay);
        return _timer.Token;
    }

    public void StopTimer() => _timer = Reset(_timer);

    public CancellationToken StartResponseTimer(TimeSpan? delay)
    {
        if (delay is not { } d) return CancellationToken.None;
        var timer = Reset(_responseTimer ?? new CancellationTokenSource(Timeout.InfiniteTimeSpan, time));
        _responseTimer = timer;
        timer.CancelAfter(d);
        return timer.Token;
    }

    public void StopResponseTimer()
    {
        if (_responseTimer is not null) _responseTimer = Reset(_responseTimer);
    }

    /// <summary>The request's Host as a string, allocated only when it differs from the previous request's.</summary>
    public string Authority(ReadOnlySpan<byte> host) => _authority.Get(host);

    public void RequestClose()
    {
        CloseRequested = true;
        if (Idle) Input?.CancelPendingRead();
    }

    public void Dispose()
    {
        _timer.Dispose();
        _responseTimer?.Dispose();
    }

    /// <summary>The same source when it can be reused (it has not fired), else a fresh one.</summary>
    private CancellationTokenSource Reset(CancellationTokenSource timer)
    {
        if (timer.TryReset()) return timer;
        timer.Dispose();
        return new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }
}
