using System.Net;
using System.Net.Sockets;

namespace Weft.Agent.Dns;

/// <summary>
/// Creates the DNS server's UDP socket and TCP listener. Called on a thread inside the node's network namespace:
/// a socket belongs to the namespace it was created in, whatever thread uses it later.
/// </summary>
internal static class DnsSockets
{
    public static (Socket Udp, Socket Tcp) Bind(IPEndPoint endpoint)
    {
        var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.ReceiveBufferSize = 1 << 20;
            udp.Bind(endpoint);
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.NoDelay = true;
                tcp.Bind(new IPEndPoint(endpoint.Address, port));
                tcp.Listen(128);
                return (udp, tcp);
            }
            catch
            {
                tcp.Dispose();
                throw;
            }
        }
        catch
        {
            udp.Dispose();
            throw;
        }
    }
}
