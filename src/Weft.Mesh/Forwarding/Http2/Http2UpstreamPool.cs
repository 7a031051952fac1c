using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// Multiplexed upstream connections per endpoint, for one certificate generation of <see cref="UpstreamClients"/>
/// (like the HTTP/1.1 pool): a stream goes on an open connection with room; a new connection is opened when all are
/// full (the peer's MAX_CONCURRENT_STREAMS), at most one connect per endpoint at a time. After a rotation the pool
/// is disposed: its connections take no new streams and close when their streams are done.
/// </summary>
internal sealed class Http2UpstreamPool(UpstreamClients clients, int maxHeaderListSize, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<IPEndPoint, Entry> _entries = new();
    private volatile bool _disposed;

    /// <summary>An open connection to <paramref name="endpoint"/> with room for a stream, or null.</summary>
    public Http2ClientConnection? TryGet(IPEndPoint endpoint)
    {
        if (!_entries.TryGetValue(endpoint, out var entry)) return null;
        lock (entry) return entry.FindWithRoom();
    }

    /// <summary>A connection with room: an open one, the one being connected, or a new one. Connect errors are thrown.</summary>
    public async ValueTask<Http2ClientConnection> GetAsync(IPEndPoint endpoint, Http2ClientConnection? full, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = _entries.GetOrAdd(endpoint, static _ => new Entry());
        Task<Http2ClientConnection> connecting;
        lock (entry)
        {
            if (entry.FindWithRoom() is { } open && open != full) return open;
            // The connection being opened is shared by every request that waits for one.
            if (entry.Connecting is null || entry.Connecting.IsCompleted) entry.Connecting = ConnectAsync(entry, endpoint, cancellationToken);
            connecting = entry.Connecting;
        }

        return await connecting.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var entry in _entries.Values)
        {
            Http2ClientConnection[] connections;
            lock (entry) connections = [.. entry.Connections];
            foreach (var c in connections) c.Drain();
        }
    }

    private async Task<Http2ClientConnection> ConnectAsync(Entry entry, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var stream = await clients.ConnectAsync(endpoint, SslApplicationProtocol.Http2, cancellationToken).ConfigureAwait(false);
        var connection = new Http2ClientConnection(stream, maxHeaderListSize, time);
        _ = connection.RunAsync(CancellationToken.None);
        lock (entry)
        {
            entry.Connections.Add(connection);
            if (_disposed) connection.Drain();
        }

        return connection;
    }

    private sealed class Entry
    {
        public List<Http2ClientConnection> Connections { get; } = [];

        public Task<Http2ClientConnection>? Connecting { get; set; }

        public Http2ClientConnection? FindWithRoom()
        {
            for (var i = Connections.Count - 1; i >= 0; i--)
            {
                var c = Connections[i];
                if (c.Unusable)
                {
                    if (c.IsClosed) Connections.RemoveAt(i);
                    continue;
                }

                if (c.HasRoom) return c;
            }

            return null;
        }
    }
}
