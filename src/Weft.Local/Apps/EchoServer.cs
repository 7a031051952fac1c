using System.Net;
using System.Net.Sockets;
using Weft.Local.Apps.Http;

namespace Weft.Local.Apps;

/// <summary>
/// The built-in echo app behind <c>weft app serve</c> and images named <c>weft/echo</c>: HTTP, gRPC, TCP and UDP
/// listeners that tell the client which pod answered and where the client came from.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly List<Socket> _sockets;
    private readonly List<Func<CancellationToken, Task>> _loops;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private EchoServer(List<Socket> sockets, List<Func<CancellationToken, Task>> loops, IReadOnlyList<IPEndPoint> endpoints)
    {
        _sockets = sockets;
        _loops = loops;
        Endpoints = endpoints;
    }

    /// <summary>The bound endpoints, in the order of <see cref="EchoServerOptions.Ports"/> (port 0 resolved).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>Binds every listener; on failure nothing stays bound and <paramref name="error"/> says which port failed.</summary>
    public static bool TryStart(EchoServerOptions options, TimeProvider time, out EchoServer? server, out string? error)
    {
        var sockets = new List<Socket>();
        var loops = new List<Func<CancellationToken, Task>>();
        var endpoints = new List<IPEndPoint>();
        foreach (var port in options.Ports)
        {
            Socket socket;
            try
            {
                socket = Bind(options.Bind, port);
            }
            catch (SocketException ex)
            {
                foreach (var s in sockets)
                {
                    s.Dispose();
                }

                server = null;
                error = $"{port}: cannot listen on {options.Bind}: {ex.Message}";
                return false;
            }

            sockets.Add(socket);
            endpoints.Add((IPEndPoint)socket.LocalEndPoint!);
            loops.Add(port.Protocol switch
            {
                ServeProtocol.Http => new HttpEchoServer(socket, options.Identity, time).RunAsync,
                ServeProtocol.Tcp => new TcpEchoServer(socket, options.Identity).RunAsync,
                ServeProtocol.Grpc => new Grpc.GrpcEchoServer(socket, options.Identity).RunAsync,
                _ => new UdpEchoServer(socket, options.Identity).RunAsync,
            });
        }

        var started = new EchoServer(sockets, loops, endpoints);
        var token = started._stop.Token;
        started._running = Task.WhenAll(loops.Select(loop => Task.Run(() => loop(token), CancellationToken.None)));
        server = started;
        error = null;
        return true;
    }

    /// <summary>Completes when the server stops (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _running;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        try
        {
            await _running;
        }
        catch (ObjectDisposedException)
        {
            // A loop observed its socket closing before the token; that is the stop we asked for.
        }

        _stop.Dispose();
    }

    private static Socket Bind(IPAddress address, ServePort port)
    {
        var udp = port.Protocol == ServeProtocol.Udp;
        try
        {
            return BindFamily(address, port.Port, udp);
        }
        catch (SocketException ex) when (address.Equals(IPAddress.IPv6Any) && ex.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
        {
            // A namespace or kernel without IPv6: serve IPv4 only.
            return BindFamily(IPAddress.Any, port.Port, udp);
        }
    }

    private static Socket BindFamily(IPAddress address, int port, bool udp)
    {
        var socket = udp
            ? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (!udp)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(new IPEndPoint(address, port));
            if (!udp)
            {
                socket.Listen(512);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
