using System.Net;
using System.Net.Sockets;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The destination a connection had before an nftables/iptables <c>redirect</c> sent it to the proxy, read with
/// getsockopt(SO_ORIGINAL_DST) (linux/netfilter_ipv4.h: SOL_IP 0, SO_ORIGINAL_DST 80; IPv6: SOL_IPV6 41,
/// IP6T_SO_ORIGINAL_DST 80). Null when the connection was not redirected (the kernel answers ENOENT).
/// </summary>
internal static class OriginalDestination
{
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int SoOriginalDst = 80;

    public static IPEndPoint? TryGet(Socket socket)
    {
        try
        {
            if (socket.AddressFamily == AddressFamily.InterNetwork)
            {
                Span<byte> sockaddr = stackalloc byte[16]; // struct sockaddr_in
                if (socket.GetRawSocketOption(SolIp, SoOriginalDst, sockaddr) < 8) return null;
                return new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), (sockaddr[2] << 8) | sockaddr[3]);
            }

            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
            {
                Span<byte> sockaddr = stackalloc byte[28]; // struct sockaddr_in6
                if (socket.GetRawSocketOption(SolIpv6, SoOriginalDst, sockaddr) < 24) return null;
                return new IPEndPoint(new IPAddress(sockaddr.Slice(8, 16)), (sockaddr[2] << 8) | sockaddr[3]);
            }
        }
        catch (SocketException)
        {
        }

        return null;
    }
}
