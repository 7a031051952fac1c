using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Weft.Dns.Protocol;
using Weft.Dns.Tests.Protocol;

namespace Weft.Dns.Tests.Server;

public class DnsMetricsTests
{
    [Fact]
    public async Task Queries_AreCountedByTypeRcodeAndTransport()
    {
        using var meters = new IsolatedMeterFactory();
        var seen = new ConcurrentBag<(string Instrument, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            seen.Add((instrument.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        await using var server = TestServer.Start(meterFactory: meters);

        await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A));
        await DnsTestClient.AskTcpAsync(server.Tcp, DnsTestClient.Query("nope.shop.svc.cluster.local", DnsType.AAAA));
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            await socket.ConnectAsync(server.Udp);
            await socket.SendAsync(new byte[] { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0 }, SocketFlags.None);
            await DnsTestClient.ReceiveUdpAsync(socket);
        }

        seen.ShouldContain(("weft.dns.queries", "type=A,rcode=NOERROR,transport=udp"));
        seen.ShouldContain(("weft.dns.queries", "type=AAAA,rcode=NXDOMAIN,transport=tcp"));
        seen.ShouldContain(("weft.dns.malformed", string.Empty));
    }

    /// <summary>Meters scoped to one test, so parallel tests' servers do not show up in its listener.</summary>
    private sealed class IsolatedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
