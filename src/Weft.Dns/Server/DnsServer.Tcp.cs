using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Weft.Dns.Protocol;

namespace Weft.Dns.Server;

public sealed partial class DnsServer
{
    private async Task AcceptTcpAsync(Socket listener, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var connections = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                _metrics.Error();
                DnsServerLog.SocketError(_logger, DnsTransport.Tcp, e.SocketErrorCode);
                continue;
            }

            if (Interlocked.Increment(ref _tcpConnections) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _tcpConnections);
                _metrics.RejectedConnection();
                DnsServerLog.ConnectionLimit(_logger, _options.MaxTcpConnections);
                client.Dispose();
                continue;
            }

            connections.RemoveAll(t => t.IsCompleted);
            connections.Add(ServeTcpAsync(client, cancellationToken));
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 7766: two-octet length prefix, any number of queries per connection, answered in order; the connection
    /// closes after <see cref="DnsServerOptions.TcpIdleTimeout"/> without a complete query.
    /// </summary>
    private async Task ServeTcpAsync(Socket client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var request = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
        var response = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength + 2);
        var upstreamReply = _upstream is null ? null : ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var stream = new NetworkStream(client, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            // The idle clock restarts only when a whole query has arrived, so a client trickling bytes cannot hold a
            // connection slot for longer than the timeout.
            idle.CancelAfter(_options.TcpIdleTimeout);
            while (true)
            {
                var result = await reader.ReadAsync(linked.Token);
                var buffer = result.Buffer;
                var answered = false;
                while (TryReadFrame(ref buffer, out var frame))
                {
                    answered = true;
                    var length = (int)frame.Length;
                    frame.CopyTo(request);
                    var answer = await AnswerTcpAsync(request.AsMemory(0, length), response.AsMemory(2), upstreamReply, linked.Token);
                    if (answer > 0)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)answer);
                        await stream.WriteAsync(response.AsMemory(0, answer + 2), linked.Token);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }

                if (answered)
                {
                    idle.CancelAfter(_options.TcpIdleTimeout);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Idle timeout, shutdown or the client went away: close quietly.
        }
        catch (Exception e)
        {
            _metrics.Error();
            DnsServerLog.Failure(_logger, DnsTransport.Tcp, e);
        }
        finally
        {
            await reader.CompleteAsync();
            await stream.DisposeAsync();
            Interlocked.Decrement(ref _tcpConnections);
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
            if (upstreamReply is not null)
            {
                ArrayPool<byte>.Shared.Return(upstreamReply);
            }
        }
    }

    private async ValueTask<int> AnswerTcpAsync(ReadOnlyMemory<byte> request, Memory<byte> response, byte[]? upstreamReply, CancellationToken cancellationToken)
    {
        var length = _handler.Handle(request.Span, response.Span, DnsTransport.Tcp, out var forward);
        if (forward is null)
        {
            return length;
        }

        // One connection waits on its own query; the forward slots still bound the total.
        if (!await _forwardSlots.WaitAsync(0, cancellationToken))
        {
            return _handler.CompleteForward(forward, [], response.Span);
        }

        try
        {
            var replyLength = await ExchangeUpstreamAsync(forward, upstreamReply!, cancellationToken);
            return _handler.CompleteForward(forward, upstreamReply.AsSpan(0, replyLength), response.Span);
        }
        finally
        {
            _forwardSlots.Release();
        }
    }

    /// <summary>Takes one length-prefixed message off the front of <paramref name="buffer"/>, if it is all there.</summary>
    internal static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out short prefix) || reader.Remaining < (ushort)prefix)
        {
            frame = default;
            return false;
        }

        frame = buffer.Slice(reader.Position, (ushort)prefix);
        buffer = buffer.Slice(frame.End);
        return true;
    }
}
