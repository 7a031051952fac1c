using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Dns.Zone;

namespace Weft.Dns.Server;

/// <summary>
/// Cluster DNS over UDP and TCP on one address and port. Answers come from whatever snapshot
/// <see cref="ClusterDnsZoneSource"/> holds at the moment a query arrives. Every resource is bounded: a fixed number
/// of UDP loops with two pooled buffers each, a connection limit for TCP, a limit on queries waiting upstream.
/// </summary>
public sealed partial class DnsServer : IAsyncDisposable
{
    private readonly DnsServerOptions _options;
    private readonly IDnsUpstream? _upstream;
    private readonly TimeProvider _timeProvider;
    private readonly DnsMetrics _metrics;
    private readonly DnsQueryHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _forwardSlots;
    private readonly List<Task> _loops = [];
    private Socket? _udp;
    private Socket? _tcp;
    private int _tcpConnections;

    public DnsServer(
        DnsServerOptions options,
        ClusterDnsZoneSource zones,
        IDnsUpstream? upstream = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null,
        ILogger<DnsServer>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UdpWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTcpConnections, 1);
        _options = options;
        _upstream = upstream;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DnsServer>.Instance;
        _metrics = new DnsMetrics(meterFactory);
        _handler = new DnsQueryHandler(zones, options, upstream is not null, _metrics);
        _forwardSlots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentForwards));
    }

    /// <summary>The bound UDP endpoint (with the real port when 0 was asked for); null before <see cref="Start"/>.</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint as IPEndPoint;

    /// <summary>The bound TCP endpoint; same address and port as UDP.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint as IPEndPoint;

    /// <summary>Binds both sockets and starts serving. Binding errors (address in use, no such address) throw here.</summary>
    public void Start()
    {
        if (_udp is not null)
        {
            throw new InvalidOperationException("the DNS server is already started");
        }

        var (udp, tcp) = Bind(_options.Endpoint);
        Start(udp, tcp);
    }

    /// <summary>
    /// Serves on sockets the caller made: a bound UDP socket and a listening TCP socket. This is how a host serves
    /// inside another network namespace: it creates the sockets on a thread that entered the namespace (a socket
    /// stays in the namespace it was created in) and hands them over. The server owns them from here on.
    /// </summary>
    public void Start(Socket udp, Socket tcpListener)
    {
        if (_udp is not null)
        {
            throw new InvalidOperationException("the DNS server is already started");
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual((int)udp.SocketType, (int)SocketType.Dgram);
        ArgumentOutOfRangeException.ThrowIfNotEqual((int)tcpListener.SocketType, (int)SocketType.Stream);
        _udp = udp;
        _tcp = tcpListener;
        for (var i = 0; i < _options.UdpWorkers; i++)
        {
            _loops.Add(ServeUdpAsync(_udp, _stopping.Token));
        }

        _loops.Add(AcceptTcpAsync(_tcp, _stopping.Token));
        DnsServerLog.Listening(_logger, _udp.LocalEndPoint, _tcp.LocalEndPoint);
    }

    /// <summary>Stops listening and waits for the receive loops; open TCP connections are cancelled.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _udp?.Dispose();
        _tcp?.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        DnsServerLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();

        // _forwardSlots is not disposed: forwards still in flight release it after the server is gone, and a
        // SemaphoreSlim whose wait handle was never used holds nothing that needs disposing.
        _metrics.Dispose();
    }

    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint endpoint)
    {
        // With port 0, UDP picks a port and TCP must get the same one; another process may hold it for TCP, so retry.
        for (var attempt = 0; ; attempt++)
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
                catch (SocketException) when (endpoint.Port == 0 && attempt < 16)
                {
                    tcp.Dispose();
                    udp.Dispose();
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            }
            catch (SocketException) when (endpoint.Port == 0 && attempt < 16)
            {
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }
    }
}
