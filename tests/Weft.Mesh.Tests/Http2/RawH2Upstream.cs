using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Weft.Mesh.Forwarding.Http2;
using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Tests.Http2;

/// <summary>
/// A bare h2c upstream speaking frames byte for byte, for answers real servers give rarely: it refuses the first
/// <c>refuse</c> request streams it sees (RST_STREAM REFUSED_STREAM, or GOAWAY below them) and answers the rest 200 "ok".
/// </summary>
internal sealed class RawH2Upstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly bool _goAway;
    private int _refuse;
    private int _streams;
    private Task? _accept;

    private RawH2Upstream(int refuse, bool goAway)
    {
        _refuse = refuse;
        _goAway = goAway;
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Request streams that arrived, refused ones included.</summary>
    public int Streams => Volatile.Read(ref _streams);

    public static RawH2Upstream Start(int refuse, bool goAway = false)
    {
        var upstream = new RawH2Upstream(refuse, goAway);
        upstream._listener.Start();
        upstream._accept = upstream.AcceptAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept!;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        Task[] connections;
        lock (_connections) connections = [.. _connections];
        await Task.WhenAll(connections.Select(c => c.ContinueWith(static _ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_connections) _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        try
        {
            var preface = new byte[Http2FrameWriter.ClientPreface.Length];
            await stream.ReadExactlyAsync(preface, _stop.Token);
            await WriteAsync(stream, o => Http2FrameWriter.Settings(o, []));
            var header = new byte[Http2FrameHeader.Size];
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var frame = Http2FrameHeader.Read(header);
                var payload = new byte[frame.Length];
                await stream.ReadExactlyAsync(payload, _stop.Token);
                if (frame.Type == Http2FrameType.Settings && !frame.Has(Http2Flags.Ack))
                {
                    await WriteAsync(stream, Http2FrameWriter.SettingsAck);
                    continue;
                }

                if (frame.Type != Http2FrameType.Headers) continue;
                // The proxy sends plain header blocks (no padding or priority, one frame); decoded to keep HPACK in step.
                decoder.Decode(new ReadOnlySequence<byte>(payload), DiscardingHeaderSink.Instance);
                Interlocked.Increment(ref _streams);
                var id = frame.StreamId;
                if (Interlocked.Decrement(ref _refuse) >= 0)
                {
                    if (_goAway)
                    {
                        // GOAWAY naming a last stream below this one: the request was not processed.
                        await WriteAsync(stream, o => Http2FrameWriter.GoAway(o, id - 2 < 0 ? 0 : id - 2, Http2ErrorCode.NoError));
                        return;
                    }

                    await WriteAsync(stream, o => Http2FrameWriter.RstStream(o, id, Http2ErrorCode.RefusedStream));
                    continue;
                }

                await WriteAsync(stream, o =>
                {
                    var block = new ArrayBufferWriter<byte>();
                    encoder.BeginBlock(block);
                    encoder.Encode(":status"u8, "200"u8, block);
                    Http2FrameWriter.Headers(o, id, block.WrittenSpan, endStream: false, maxFrameSize: 16_384);
                    Http2FrameWriter.Data(o, id, new ReadOnlySequence<byte>("ok"u8.ToArray()), endStream: true);
                });
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or SocketException)
        {
            // The proxy closed the connection or the test ended.
        }
    }

    private async Task WriteAsync(NetworkStream stream, Action<ArrayBufferWriter<byte>> frames)
    {
        var bytes = new ArrayBufferWriter<byte>();
        frames(bytes);
        await stream.WriteAsync(bytes.WrittenMemory, _stop.Token);
    }
}
