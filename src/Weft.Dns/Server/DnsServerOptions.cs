using System.Net;

namespace Weft.Dns.Server;

/// <summary>Where and how the server listens. Every limit is a bound: no queue, connection count or buffer grows without one.</summary>
public sealed record DnsServerOptions
{
    /// <summary>UDP and TCP both listen here; port 0 picks one free port for both. Unused by <see cref="DnsServer.Start(System.Net.Sockets.Socket, System.Net.Sockets.Socket)"/>.</summary>
    public required IPEndPoint Endpoint { get; init; }

    /// <summary>
    /// The largest UDP response, whatever the client offers (RFC 6891 §6.2.5). 1232 avoids IP fragmentation on
    /// common paths (the 2020 DNS flag day value); clients without EDNS get 512 (RFC 1035 §4.2.1).
    /// </summary>
    public ushort MaxUdpPayloadSize { get; init; } = 1232;

    /// <summary>Concurrent UDP receive loops; each answers from the snapshot without blocking.</summary>
    public int UdpWorkers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Open TCP connections at most; further connections are closed at once.</summary>
    public int MaxTcpConnections { get; init; } = 256;

    /// <summary>A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3 suggests seconds).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Queries waiting on the upstream at most; beyond that, names outside the zone get SERVFAIL.</summary>
    public int MaxConcurrentForwards { get; init; } = 128;
}
