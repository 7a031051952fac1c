using System.Collections.Concurrent;
using System.Net;

namespace Weft.Mesh.Forwarding.Http1;

/// <summary>
/// Idle keep-alive HTTP/1.1 connections per destination, most recently used first (so few connections stay warm).
/// One pool per certificate generation of <see cref="UpstreamClients"/>: after a rotation the old pool is disposed,
/// its idle connections close and busy ones close when they come back.
/// </summary>
internal sealed class Http1Pool(UpstreamClients clients) : IDisposable
{
    /// <summary>Connections idle longer are not reused (upstreams commonly close idle keep-alive after 60–75 s).</summary>
    private const long MaxIdleMilliseconds = 30_000;
    private const int MaxIdlePerDestination = 512;

    private readonly ConcurrentDictionary<IPEndPoint, Stack<UpstreamConnection>> _idle = new();
    private volatile bool _disposed;

    /// <summary>An idle connection to <paramref name="endpoint"/>, or null.</summary>
    public UpstreamConnection? TryRent(IPEndPoint endpoint)
    {
        if (!_idle.TryGetValue(endpoint, out var stack)) return null;
        var now = Environment.TickCount64;
        while (true)
        {
            UpstreamConnection? connection;
            lock (stack)
            {
                if (!stack.TryPop(out connection)) return null;
            }

            if (now - connection.IdleSince <= MaxIdleMilliseconds)
            {
                connection.Reused = true;
                return connection;
            }

            connection.Close();
        }
    }

    public async ValueTask<UpstreamConnection> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var stream = await clients.ConnectAsync(endpoint, System.Net.Security.SslApplicationProtocol.Http11, cancellationToken).ConfigureAwait(false);
        return new UpstreamConnection(stream, this, endpoint);
    }

    /// <summary>Takes back a connection whose last exchange ended cleanly at a message boundary.</summary>
    public void Return(UpstreamConnection connection)
    {
        if (_disposed)
        {
            connection.Close();
            return;
        }

        connection.IdleSince = Environment.TickCount64;
        var stack = _idle.GetOrAdd(connection.Endpoint, static _ => new Stack<UpstreamConnection>());
        lock (stack)
        {
            if (stack.Count < MaxIdlePerDestination)
            {
                stack.Push(connection);
                connection = null!;
            }
        }

        connection?.Close();
        if (_disposed) Drain(connection?.Endpoint);
    }

    /// <summary>Closes the idle connections to <paramref name="endpoint"/> (all destinations when null).</summary>
    public void Drain(IPEndPoint? endpoint)
    {
        foreach (var (key, stack) in _idle)
        {
            if (endpoint is not null && !key.Equals(endpoint)) continue;
            UpstreamConnection[] idle;
            lock (stack)
            {
                idle = [.. stack];
                stack.Clear();
            }

            foreach (var c in idle) c.Close();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Drain(null);
    }
}
