using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Weft.Dns.Protocol;

namespace Weft.Dns.Tests.Server;

/// <summary>A minimal stub resolver for the tests: one query, one answer, on loopback only.</summary>
internal static class DnsTestClient
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static DnsMessage Query(string name, DnsType type, ushort? ednsPayload = null, ushort id = 7) => new()
    {
        Id = id,
        RecursionDesired = true,
        Questions = [new DnsQuestion(name, type)],
        Additionals = ednsPayload is { } size ? [EdnsInfo.CreateRecord(size, DnsResponseCode.NoError)] : [],
    };

    public static async Task<DnsMessage> AskUdpAsync(IPEndPoint server, DnsMessage query)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server);
        await socket.SendAsync(Protocol.DnsMessageGenerators.Encode(query), SocketFlags.None);
        return await ReceiveUdpAsync(socket);
    }

    public static async Task<DnsMessage> ReceiveUdpAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[65535];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        DnsMessageReader.TryRead(buffer.AsSpan(0, length), out var response).ShouldBe(DnsFormatError.None);
        return response!;
    }

    public static async Task SendFramedAsync(Socket socket, byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None);
    }

    /// <summary>Reads one length-prefixed message, or null when the server closed the connection.</summary>
    public static async Task<DnsMessage?> ReceiveFramedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var prefix = new byte[2];
        if (!await ReceiveExactlyAsync(socket, prefix, timeout.Token))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        (await ReceiveExactlyAsync(socket, body, timeout.Token)).ShouldBeTrue();
        DnsMessageReader.TryRead(body, out var response).ShouldBe(DnsFormatError.None);
        return response;
    }

    public static async Task<DnsMessage> AskTcpAsync(IPEndPoint server, DnsMessage query)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        await SendFramedAsync(socket, Protocol.DnsMessageGenerators.Encode(query));
        return (await ReceiveFramedAsync(socket)).ShouldNotBeNull();
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
