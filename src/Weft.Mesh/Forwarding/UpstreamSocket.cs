using System.Net;
using System.Net.Sockets;

namespace Weft.Mesh.Forwarding;

/// <summary>Opens upstream TCP sockets: no Nagle, and the sidecar's SO_MARK when configured.</summary>
internal static class UpstreamSocket
{
    // <sys/socket.h>: SOL_SOCKET = 1, SO_MARK = 36 (Linux).
    private const int SolSocket = 1;
    private const int SoMark = 36;

    /// <summary>
    /// A connected stream to <paramref name="endpoint"/>: on Weft's I/O loop (<see cref="IO.LoopStream"/>) when it
    /// runs, else a <see cref="NetworkStream"/> on .NET's socket engine.
    /// </summary>
    public static async ValueTask<Stream> ConnectStreamAsync(EndPoint endpoint, uint? mark, CancellationToken cancellationToken)
    {
        if (!IO.IoLoop.Enabled) return new NetworkStream(await ConnectAsync(endpoint, mark, cancellationToken).ConfigureAwait(false), ownsSocket: true);
        var socket = Create(ref endpoint, mark);
        return await IO.LoopStream.ConnectAsync(socket, endpoint, cancellationToken).ConfigureAwait(false);
    }

    public static async ValueTask<Socket> ConnectAsync(EndPoint endpoint, uint? mark, CancellationToken cancellationToken)
    {
        var socket = Create(ref endpoint, mark);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket Create(ref EndPoint endpoint, uint? mark)
    {
        // Endpoints are IP literals; resolve the DnsEndPoint SocketsHttpHandler passes so IPv6 gets an IPv6 socket.
        if (endpoint is DnsEndPoint dns && IPAddress.TryParse(dns.Host.Trim('[', ']'), out var ip)) endpoint = new IPEndPoint(ip, dns.Port);
        var socket = new Socket(endpoint.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
        };
        try
        {
            if (mark is { } m) socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(m));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
