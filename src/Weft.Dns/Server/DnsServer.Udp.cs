using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Weft.Dns.Protocol;

namespace Weft.Dns.Server;

public sealed partial class DnsServer
{
    private async Task ServeUdpAsync(Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var request = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
        var response = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
        var client = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(request, SocketFlags.None, client, cancellationToken);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    // A client's ICMP error surfacing on our socket; the next datagram is unaffected.
                    _metrics.Error();
                    DnsServerLog.SocketError(_logger, DnsTransport.Udp, e.SocketErrorCode);
                    continue;
                }

                int length;
                DnsForward? forward;
                try
                {
                    length = _handler.Handle(request.AsSpan(0, received), response, DnsTransport.Udp, out forward);
                }
                catch (Exception e)
                {
                    // A bug must not take the listener down with it; the client times out and retries.
                    _metrics.Error();
                    DnsServerLog.Failure(_logger, DnsTransport.Udp, e);
                    continue;
                }

                if (forward is not null)
                {
                    ForwardUdpInBackground(socket, forward, Copy(client), cancellationToken);
                    continue;
                }

                if (length > 0)
                {
                    await SendUdpAsync(socket, response.AsMemory(0, length), client, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
        }
    }

    private async ValueTask SendUdpAsync(Socket socket, ReadOnlyMemory<byte> datagram, SocketAddress client, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendToAsync(datagram, SocketFlags.None, client, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            _metrics.Error();
            DnsServerLog.SocketError(_logger, DnsTransport.Udp, e.SocketErrorCode);
        }
    }

    private void ForwardUdpInBackground(Socket socket, DnsForward forward, SocketAddress client, CancellationToken cancellationToken)
    {
        if (!_forwardSlots.Wait(0, CancellationToken.None))
        {
            // Too many queries already wait on the upstream: answer SERVFAIL now instead of queueing.
            var failure = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
            var length = _handler.CompleteForward(forward, [], failure);
            _ = SendAndReturnAsync(failure, length);
            return;
        }

        _ = ForwardAsync();

        async Task SendAndReturnAsync(byte[] buffer, int length)
        {
            try
            {
                await SendUdpAsync(socket, buffer.AsMemory(0, length), client, cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        async Task ForwardAsync()
        {
            var reply = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
            var response = ArrayPool<byte>.Shared.Rent(DnsMessageWriter.MaxMessageLength);
            try
            {
                var replyLength = await ExchangeUpstreamAsync(forward, reply, cancellationToken);
                var length = _handler.CompleteForward(forward, reply.AsSpan(0, replyLength), response);
                await SendUdpAsync(socket, response.AsMemory(0, length), client, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The server is stopping; the client retries elsewhere.
            }
            catch (Exception e)
            {
                _metrics.Error();
                DnsServerLog.Failure(_logger, DnsTransport.Udp, e);
            }
            finally
            {
                _forwardSlots.Release();
                ArrayPool<byte>.Shared.Return(reply);
                ArrayPool<byte>.Shared.Return(response);
            }
        }
    }

    private async ValueTask<int> ExchangeUpstreamAsync(DnsForward forward, byte[] reply, CancellationToken cancellationToken)
    {
        try
        {
            return await _upstream!.ExchangeAsync(forward.Request.AsMemory(0, forward.RequestLength), reply, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An upstream implementation that throws is treated like one that failed: SERVFAIL.
            _metrics.Error();
            DnsServerLog.UpstreamFailure(_logger, e);
            return 0;
        }
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
