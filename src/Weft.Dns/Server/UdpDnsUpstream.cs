using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Weft.Dns.Protocol;

namespace Weft.Dns.Server;

/// <summary>
/// Forwards to one configured resolver over UDP, retrying over TCP when the reply is truncated. Each exchange uses
/// its own connected socket, so only datagrams from the resolver are accepted; replies must match the query ID.
/// </summary>
public sealed class UdpDnsUpstream : IDnsUpstream
{
    private readonly IPEndPoint _server;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;

    public UdpDnsUpstream(IPEndPoint server, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        _server = server;
        _timeout = timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> query, Memory<byte> reply, CancellationToken cancellationToken)
    {
        if (query.Length < DnsMessageWriter.HeaderLength)
        {
            return 0;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var length = await ExchangeUdpAsync(query, reply, id, linked.Token);
            if (length > 0 && (reply.Span[2] & 0x02) != 0)
            {
                length = await ExchangeTcpAsync(query, reply, id, linked.Token);
            }

            return length;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    private async Task<int> ExchangeUdpAsync(ReadOnlyMemory<byte> query, Memory<byte> reply, ushort id, CancellationToken cancellationToken)
    {
        using var socket = new Socket(_server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(_server, cancellationToken);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken);
        while (true)
        {
            var length = await socket.ReceiveAsync(reply, SocketFlags.None, cancellationToken);
            if (length >= DnsMessageWriter.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(reply.Span) == id)
            {
                return length;
            }
        }
    }

    private async Task<int> ExchangeTcpAsync(ReadOnlyMemory<byte> query, Memory<byte> reply, ushort id, CancellationToken cancellationToken)
    {
        using var socket = new Socket(_server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server, cancellationToken);
        var framed = ArrayPool<byte>.Shared.Rent(query.Length + 2);
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed.AsMemory(2));
            await socket.SendAsync(framed.AsMemory(0, query.Length + 2), SocketFlags.None, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(framed);
        }

        var prefix = new byte[2];
        if (!await ReceiveExactlyAsync(socket, prefix, cancellationToken))
        {
            return 0;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (length > reply.Length || !await ReceiveExactlyAsync(socket, reply[..length], cancellationToken)
            || length < DnsMessageWriter.HeaderLength || BinaryPrimitives.ReadUInt16BigEndian(reply.Span) != id)
        {
            return 0;
        }

        return length;
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            buffer = buffer[n..];
        }

        return true;
    }
}
