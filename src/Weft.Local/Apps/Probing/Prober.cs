using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.Local.Apps.Probing;

/// <summary>
/// Runs one TCP, UDP, HTTP or gRPC probe with a deadline and reports the outcome as a value; it never throws for
/// network failures. HTTP is spoken over a raw socket (not HttpClient) so the probe starts fast and can use
/// sockets made inside another network namespace.
/// </summary>
public sealed partial class Prober
{
    private const int MaxReply = 64 * 1024;
    private readonly ISocketFactory _sockets;
    private readonly TimeProvider _time;

    public Prober(ISocketFactory sockets, TimeProvider time)
    {
        _sockets = sockets;
        _time = time;
    }

    public async Task<ProbeResult> RunAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.Timeout);
        try
        {
            var address = await ResolveAsync(request.Host, deadline.Token);
            var outcome = request.Protocol switch
            {
                ProbeProtocol.Tcp => await TcpAsync(request, address, deadline.Token),
                ProbeProtocol.Udp => await UdpAsync(request, address, deadline.Token),
                ProbeProtocol.Grpc => await GrpcAsync(request, address, deadline.Token),
                _ => await HttpAsync(request, address, deadline.Token),
            };
            return Result(request, started, outcome);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(request, started, new Outcome(false, "timed out", null, null));
        }
        catch (SocketException ex)
        {
            return Result(request, started, new Outcome(false, Describe(ex.SocketErrorCode), null, null));
        }
        catch (IOException ex) when (ex.InnerException is SocketException inner)
        {
            return Result(request, started, new Outcome(false, Describe(inner.SocketErrorCode), null, null));
        }
        catch (HttpRequestException ex) when (request.Protocol == ProbeProtocol.Grpc)
        {
            return Result(request, started, new Outcome(false, ex.InnerException is SocketException inner ? Describe(inner.SocketErrorCode) : ex.Message, null, null));
        }
    }

    private ProbeResult Result(ProbeRequest request, long started, Outcome outcome) => new()
    {
        Id = request.Id,
        Target = request.Protocol is ProbeProtocol.Http or ProbeProtocol.Grpc && request.Path != "/" ? request.Target + request.Path : request.Target,
        Protocol = request.Protocol.ToString().ToLowerInvariant(),
        Connected = outcome.Connected,
        LatencyMs = Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 3),
        Error = outcome.Error,
        Status = outcome.Status,
        Reply = outcome.Reply,
        GrpcStatus = outcome.GrpcStatus,
        GrpcMessage = outcome.GrpcMessage,
    };

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        var addresses = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    private async Task<Outcome> TcpAsync(ProbeRequest request, IPAddress address, CancellationToken cancellationToken)
    {
        using var socket = _sockets.Create(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, request.Port), cancellationToken);
        var send = request.Send ?? (request.Expect is null ? null : "ping");
        if (send is null)
        {
            return new Outcome(true, null, null, null);
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(send + "\n"), SocketFlags.None, cancellationToken);
        var reply = await ReadLineAsync(socket, cancellationToken);
        return Expecting(request, reply, null);
    }

    private async Task<Outcome> UdpAsync(ProbeRequest request, IPAddress address, CancellationToken cancellationToken)
    {
        using var socket = _sockets.Create(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // A connected UDP socket turns the ICMP port-unreachable answer into ECONNREFUSED on receive.
        await socket.ConnectAsync(new IPEndPoint(address, request.Port), cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.Send ?? "ping"), SocketFlags.None, cancellationToken);
        var buffer = new byte[MaxReply];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        return Expecting(request, FirstLine(Encoding.UTF8.GetString(buffer, 0, received)), null);
    }

    private async Task<Outcome> HttpAsync(ProbeRequest request, IPAddress address, CancellationToken cancellationToken)
    {
        using var socket = _sockets.Create(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, request.Port), cancellationToken);
        var head = $"GET {request.Path} HTTP/1.1\r\nHost: {request.Target}\r\nUser-Agent: weft-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, cancellationToken);
        var response = await ReadResponseAsync(socket, cancellationToken);
        if (!HttpReply.TryParse(response, out var status, out var body))
        {
            return new Outcome(false, "malformed HTTP response", null, FirstLine(response));
        }

        if (status is < 200 or >= 400)
        {
            return new Outcome(false, $"HTTP {status}", status, FirstLine(body));
        }

        return Expecting(request, body, status);
    }

    private static Outcome Expecting(ProbeRequest request, string reply, int? status)
    {
        var first = FirstLine(reply);
        return request.Expect is null || reply.Contains(request.Expect, StringComparison.Ordinal)
            ? new Outcome(true, null, status, first)
            : new Outcome(false, $"reply does not contain '{request.Expect}'", status, first);
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxReply];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', length - read, read) >= 0)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Reads until the response is complete (by Content-Length or the last chunk), the peer closes, or the buffer is full.</summary>
    private static async Task<string> ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxReply];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            // A server may keep the connection open despite "Connection: close"; stop once the message is whole.
            if (HttpReply.IsComplete(buffer.AsSpan(0, length)))
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostUnreachable => "no route to host",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "timed out",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.AccessDenied => "permission denied",
        _ => error.ToString(),
    };

    private sealed record Outcome(bool Connected, string? Error, int? Status, string? Reply, string? GrpcStatus = null, string? GrpcMessage = null);
}
