using System.Net;
using Weft.Dns.Zone;

namespace Weft.Dns.Bench;

/// <summary>A synthetic cluster: N ClusterIP services with a named port over 10 namespaces, one headless service, pods.</summary>
public static class BenchCluster
{
    public static ClusterDnsInput Create(int services)
    {
        var list = new List<DnsService>(services + 1);
        for (var i = 0; i < services; i++)
        {
            list.Add(new DnsService
            {
                Name = $"svc-{i}",
                Namespace = $"ns-{i % 10}",
                ClusterIPs = [new IPAddress([10, 96, (byte)(1 + (i / 250)), (byte)(1 + (i % 250))])],
                Ports = [new DnsServicePort("http", DnsPortProtocol.Tcp, 80)],
            });
        }

        list.Add(new DnsService
        {
            Name = "db",
            Namespace = "ns-0",
            Kind = DnsServiceKind.Headless,
            Ports = [new DnsServicePort("pg", DnsPortProtocol.Tcp, 5432)],
            Endpoints = [.. Enumerable.Range(0, 10).Select(i => new DnsEndpoint { Addresses = [new IPAddress([10, 244, 0, (byte)(10 + i)])], Hostname = $"db-{i}" })],
        });
        var pods = Enumerable.Range(0, Math.Min(services, 5000))
            .Select(i => new DnsPod { Namespace = $"ns-{i % 10}", IPs = [new IPAddress([10, 244, (byte)(1 + (i / 250)), (byte)(1 + (i % 250))])] });
        return new ClusterDnsInput { Services = [.. list], Pods = [.. pods] };
    }
}
