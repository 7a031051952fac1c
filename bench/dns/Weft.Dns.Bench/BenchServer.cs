using System.Diagnostics;
using System.Runtime.InteropServices;
using Weft.Dns.Server;
using Weft.Dns.Zone;

namespace Weft.Dns.Bench;

internal static class BenchServer
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var build = Stopwatch.StartNew();
        var zone = ClusterDnsZoneBuilder.Build(BenchCluster.Create(arguments.Services), new ClusterDnsOptions(), 1);
        build.Stop();
        await using var server = new DnsServer(new DnsServerOptions { Endpoint = arguments.Endpoint }, new ClusterDnsZoneSource(zone));
        server.Start();
        Console.WriteLine($"zone: {zone.NameCount} names from {arguments.Services} services built in {build.Elapsed.TotalMilliseconds:F1} ms");
        Console.WriteLine($"listening on {server.UdpEndPoint} (udp, tcp)");

        var stop = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
        await server.StopAsync();
        return 0;
    }
}
