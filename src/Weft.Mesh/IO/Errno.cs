using System.Net.Sockets;

namespace Weft.Mesh.IO;

/// <summary>Linux errno values of socket calls, as the <see cref="SocketError"/> .NET's own sockets would report.</summary>
internal static class Errno
{
    public static SocketError ToSocketError(int errno) => errno switch
    {
        32 => SocketError.Shutdown, // EPIPE
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        9 => SocketError.OperationAborted, // EBADF: closed under us
        _ => SocketError.SocketError,
    };

    /// <summary>The exception a failed read or write throws, shaped as NetworkStream's (IOException around a SocketException).</summary>
    public static IOException IoFailure(int errno, string operation)
    {
        var inner = new SocketException((int)ToSocketError(errno));
        return new IOException($"Unable to {operation} the transport connection: {inner.Message}", inner);
    }
}
