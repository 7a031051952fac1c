using System.Net;
using System.Net.Sockets;
using Weft.Dns.Protocol;
using Weft.Dns.Tests.Protocol;

namespace Weft.Dns.Tests.Server;

/// <summary>A resolver on 127.0.0.1 that answers every A question with 192.0.2.53 (TEST-NET-1), over UDP.</summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queries;

    private FakeUpstream()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = ServeAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public int Queries => Volatile.Read(ref _queries);

    public static FakeUpstream Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[65535];
        var client = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stop.IsCancellationRequested)
        {
            var length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, client, _stop.Token);
            Interlocked.Increment(ref _queries);
            if (DnsMessageReader.TryRead(buffer.AsSpan(0, length), out var query) != DnsFormatError.None)
            {
                continue;
            }

            var question = query!.Questions[0];
            var reply = new DnsMessage
            {
                Id = query.Id,
                IsResponse = true,
                RecursionDesired = query.RecursionDesired,
                RecursionAvailable = true,
                Questions = query.Questions,
                Answers = [new DnsResourceRecord(question.Name, DnsClass.IN, 60, new AddressRecordData(IPAddress.Parse("192.0.2.53")))],
                Additionals = [EdnsInfo.CreateRecord(4096, DnsResponseCode.NoError)],
            };
            await _socket.SendToAsync(DnsMessageGenerators.Encode(reply), SocketFlags.None, client, _stop.Token);
        }
    }
}
