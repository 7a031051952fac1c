using System.Net;
using Weft.Dns.Protocol;
using Weft.Dns.Resolution;
using Weft.Dns.Zone;

namespace Weft.Dns.Tests.Zone;

/// <summary>A small cluster in the shape of the specification's examples, and a way to ask it questions.</summary>
internal static class ClusterFixture
{
    public static ClusterDnsInput Input { get; } = new()
    {
        Services =
        [
            new DnsService
            {
                Name = "kubernetes",
                Namespace = "default",
                ClusterIPs = [IPAddress.Parse("10.96.0.1")],
                Ports = [new DnsServicePort("https", DnsPortProtocol.Tcp, 443)],
            },
            new DnsService
            {
                Name = "web",
                Namespace = "shop",
                ClusterIPs = [IPAddress.Parse("10.96.0.20"), IPAddress.Parse("fd00:96::20")],
                Ports = [new DnsServicePort("http", DnsPortProtocol.Tcp, 80), new DnsServicePort(null, DnsPortProtocol.Tcp, 8080), new DnsServicePort("dns", DnsPortProtocol.Udp, 53)],
            },
            new DnsService
            {
                Name = "db",
                Namespace = "shop",
                Kind = DnsServiceKind.Headless,
                Ports = [new DnsServicePort("pg", DnsPortProtocol.Tcp, 5432)],
                Endpoints =
                [
                    new DnsEndpoint { Addresses = [IPAddress.Parse("10.244.1.10")], Hostname = "db-0", PodName = "db-0" },
                    new DnsEndpoint { Addresses = [IPAddress.Parse("10.244.2.11")], PodName = "db-1" },
                    new DnsEndpoint { Addresses = [IPAddress.Parse("10.244.2.12")], Ready = false, Hostname = "db-2" },
                ],
            },
            new DnsService
            {
                Name = "queue",
                Namespace = "shop",
                Kind = DnsServiceKind.Headless,
                PublishNotReadyAddresses = true,
                Endpoints = [new DnsEndpoint { Addresses = [IPAddress.Parse("10.244.3.5")], Ready = false }],
            },
            new DnsService { Name = "empty", Namespace = "shop", Kind = DnsServiceKind.Headless },
            new DnsService { Name = "search", Namespace = "shop", Kind = DnsServiceKind.ExternalName, ExternalName = "search.example.com." },
            new DnsService { Name = "alias", Namespace = "shop", Kind = DnsServiceKind.ExternalName, ExternalName = "web.shop.svc.cluster.local" },
        ],
        Pods =
        [
            new DnsPod { Namespace = "shop", Name = "client", IPs = [IPAddress.Parse("10.244.1.7")] },
            new DnsPod { Namespace = "shop", Name = "db-0", IPs = [IPAddress.Parse("10.244.1.10")] },
        ],
        Namespaces = ["default", "shop", "quiet"],
    };

    public static ClusterDnsZone Zone(ClusterDnsOptions? options = null, ClusterDnsInput? input = null) =>
        ClusterDnsZoneBuilder.Build(input ?? Input, options ?? new ClusterDnsOptions(), 7);

    public static DnsMessage Ask(string name, DnsType type, ClusterDnsZone? zone = null) =>
        Resolve(new DnsMessage { Id = 42, RecursionDesired = true, Questions = [new DnsQuestion(name, type)] }, zone).Response;

    public static ResolveResult Resolve(DnsMessage query, ClusterDnsZone? zone = null) =>
        ClusterDnsResolver.Resolve(query, zone ?? Zone(), 1232, recursionAvailable: false);

    public static string[] Data(this DnsMessage response) => [.. response.Answers.Select(r => r.Data.ToString()!).Order(StringComparer.Ordinal)];
}
