using System.Net.Sockets;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// HTTP clients towards the local cluster daemon's Unix socket (a file-system object, so it is reachable from every
/// pod's network namespace).
/// </summary>
internal static class UnixSocketHttp
{
    public static HttpClient Create(string socketPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://weft-daemon"), Timeout = timeout };
    }

    /// <summary>The failures that mean "the daemon is away", as opposed to bugs.</summary>
    public static bool IsUnavailable(Exception e) => e is HttpRequestException or IOException or SocketException or TaskCanceledException;
}
