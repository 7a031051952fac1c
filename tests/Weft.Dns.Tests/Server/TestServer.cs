using System.Net;
using Weft.Dns.Server;
using Weft.Dns.Tests.Zone;
using Weft.Dns.Zone;

namespace Weft.Dns.Tests.Server;

/// <summary>A DnsServer on 127.0.0.1 with a free port, serving the fixture cluster plus a 200-endpoint headless service.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(DnsServer server, ClusterDnsZoneSource zones)
    {
        Server = server;
        Zones = zones;
    }

    public DnsServer Server { get; }

    public ClusterDnsZoneSource Zones { get; }

    public IPEndPoint Udp => Server.UdpEndPoint!;

    public IPEndPoint Tcp => Server.TcpEndPoint!;

    public static ClusterDnsInput Input { get; } = ClusterFixture.Input with
    {
        Services = ClusterFixture.Input.Services.Add(new DnsService
        {
            Name = "big",
            Namespace = "shop",
            Kind = DnsServiceKind.Headless,
            Endpoints = [.. Enumerable.Range(0, 200).Select(i => new DnsEndpoint { Addresses = [new IPAddress([10, 244, (byte)(10 + (i / 250)), (byte)(1 + (i % 250))])] })],
        }),
    };

    public static TestServer Start(
        Func<DnsServerOptions, DnsServerOptions>? configure = null,
        IDnsUpstream? upstream = null,
        TimeProvider? timeProvider = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        var zones = new ClusterDnsZoneSource(ClusterDnsZoneBuilder.Build(Input, new ClusterDnsOptions(), 1));
        var options = new DnsServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), UdpWorkers = 2 };
        var server = new DnsServer(configure?.Invoke(options) ?? options, zones, upstream, timeProvider, meterFactory);
        server.Start();
        return new TestServer(server, zones);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
