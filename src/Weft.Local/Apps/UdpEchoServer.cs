using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.Local.Apps;

/// <summary>UDP echo: every datagram is answered with one datagram, <c>POD: </c> followed by the payload.</summary>
internal sealed class UdpEchoServer
{
    private readonly Socket _socket;
    private readonly byte[] _prefix;

    public UdpEchoServer(Socket socket, EchoIdentity identity)
    {
        _socket = socket;
        _prefix = Encoding.UTF8.GetBytes(identity.Pod + ": ");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        var reply = new byte[65536 + _prefix.Length];
        _prefix.CopyTo(reply, 0);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                buffer.AsSpan(0, received.ReceivedBytes).CopyTo(reply.AsSpan(_prefix.Length));
                await _socket.SendToAsync(reply.AsMemory(0, _prefix.Length + received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from an earlier reply surface here on Linux; keep serving.
            }
        }
    }
}
