using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Weft.Dns.Server;

/// <summary>The server's log events (EventIds 4000–4099: issue 4, cluster DNS).</summary>
internal static partial class DnsServerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "cluster DNS listening on {UdpEndPoint} (udp) and {TcpEndPoint} (tcp)")]
    public static partial void Listening(ILogger logger, EndPoint? udpEndPoint, EndPoint? tcpEndPoint);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "cluster DNS stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "unexpected failure serving a {Transport} query; the server carries on")]
    public static partial void Failure(ILogger logger, DnsTransport transport, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "{Transport} socket error {SocketError}")]
    public static partial void SocketError(ILogger logger, DnsTransport transport, SocketError socketError);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "TCP connection limit {Limit} reached; closing a new connection")]
    public static partial void ConnectionLimit(ILogger logger, int limit);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "upstream failed; answering SERVFAIL")]
    public static partial void UpstreamFailure(ILogger logger, Exception exception);
}
