using BenchmarkDotNet.Attributes;
using Weft.Dns.Protocol;
using Weft.Dns.Resolution;
using Weft.Dns.Zone;

namespace Weft.Dns.Bench;

/// <summary>The server's per-query work without sockets: read, resolve against a 10,000-service zone, write.</summary>
[MemoryDiagnoser]
public class QueryPathBenchmarks
{
    private readonly byte[] _response = new byte[65535];
    private ClusterDnsZone _zone = null!;
    private byte[] _serviceA = null!;
    private byte[] _searchMiss = null!;
    private byte[] _srv = null!;

    [GlobalSetup]
    public void Setup()
    {
        _zone = ClusterDnsZoneBuilder.Build(BenchCluster.Create(10_000), new ClusterDnsOptions(), 1);
        _serviceA = Encode("svc-4711.ns-1.svc.cluster.local", DnsType.A);
        _searchMiss = Encode("svc-4711.ns-1.svc.cluster.local.ns-1.svc.cluster.local", DnsType.A);
        _srv = Encode("_http._tcp.svc-4711.ns-1.svc.cluster.local", DnsType.SRV);
    }

    [Benchmark]
    public int ServiceA() => Answer(_serviceA);

    [Benchmark]
    public int SearchPathNXDomain() => Answer(_searchMiss);

    [Benchmark]
    public int ServiceSrv() => Answer(_srv);

    [Benchmark]
    public ClusterDnsZone BuildZone10000() => ClusterDnsZoneBuilder.Build(BenchCluster.Create(10_000), new ClusterDnsOptions(), 2);

    private int Answer(byte[] query)
    {
        DnsMessageReader.TryRead(query, out var message);
        var result = ClusterDnsResolver.Resolve(message!, _zone, 1232, recursionAvailable: false);
        return DnsMessageWriter.Write(result.Response, _response, 1232).Length;
    }

    private static byte[] Encode(string name, DnsType type)
    {
        var buffer = new byte[512];
        var message = new DnsMessage { Id = 1, RecursionDesired = true, Questions = [new DnsQuestion(name, type)], Additionals = [EdnsInfo.CreateRecord(1232, DnsResponseCode.NoError)] };
        return buffer[..DnsMessageWriter.Write(message, buffer, 512).Length];
    }
}
