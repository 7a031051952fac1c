using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Weft.Dns.Protocol;
using Weft.Dns.Zone;

namespace Weft.Dns.Tests.Zone;

/// <summary>Random clusters: what the zone answers agrees with what the input says, and its records agree with each other.</summary>
public class ClusterDnsZonePropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(100);

    private static Gen<DnsEndpoint> Endpoint { get; } =
        from host in Gen.Choose(0, 255)
        from ready in Gen.Elements(true, true, false)
        from hostname in Gen.Elements<string?>(null, "pet-a", "pet-b", "pet-c")
        select new DnsEndpoint { Addresses = [new IPAddress([10, 244, 7, (byte)host])], Ready = ready, Hostname = hostname };

    private static Gen<DnsService> Service(int index) =>
        from ns in Gen.Elements("a", "b", "c")
        from kind in Gen.Elements(DnsServiceKind.ClusterIP, DnsServiceKind.ClusterIP, DnsServiceKind.Headless)
        from ports in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements("http", "grpc", "metrics"), n))
        from endpoints in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Endpoint, n))
        select new DnsService
        {
            Name = $"svc{index}",
            Namespace = ns,
            Kind = kind,
            ClusterIPs = kind == DnsServiceKind.ClusterIP ? [new IPAddress([10, 96, 0, (byte)(index + 1)])] : [],
            Ports = [.. ports.Distinct().Select((p, i) => new DnsServicePort(p, DnsPortProtocol.Tcp, 8000 + i))],
            Endpoints = [.. endpoints.DistinctBy(e => e.Addresses[0]).DistinctBy(e => e.Hostname ?? e.Addresses[0].ToString())],
        };

    private static Gen<ClusterDnsInput> Cluster { get; } =
        Gen.Choose(1, 8).SelectMany(n => Gen.CollectToArray(Enumerable.Range(0, n), Service))
            .Select(services => new ClusterDnsInput { Services = [.. services] });

    [Fact]
    public void A_EveryService_AnswersExactlyItsAddresses()
    {
        Check.One(Config, Prop.ForAll(Cluster.ToArbitrary(), input =>
        {
            var zone = ClusterDnsZoneBuilder.Build(input, new ClusterDnsOptions(), 1);
            foreach (var service in input.Services)
            {
                var expected = service.Kind == DnsServiceKind.ClusterIP
                    ? service.ClusterIPs.Select(ip => ip.ToString())
                    : service.Endpoints.Where(e => e.Ready).Select(e => e.Addresses[0].ToString());
                var response = ClusterFixture.Ask($"{service.Name}.{service.Namespace}.svc.cluster.local", DnsType.A, zone);
                response.Data().ShouldBe(expected.Distinct().Order(StringComparer.Ordinal).ToArray());
                if (response.Answers.IsEmpty)
                {
                    // Spec §2.4.1: a headless service without ready endpoints does not exist.
                    response.ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
                }
            }
        }));
    }

    [Fact]
    public void Ptr_EveryPtrTarget_ResolvesBackToThatAddress()
    {
        Check.One(Config, Prop.ForAll(Cluster.ToArbitrary(), input =>
        {
            var zone = ClusterDnsZoneBuilder.Build(input, new ClusterDnsOptions(), 1);
            var addresses = input.Services.SelectMany(s => s.ClusterIPs.Concat(s.Endpoints.SelectMany(e => e.Addresses)));
            foreach (var address in addresses.Distinct())
            {
                var ptr = ClusterFixture.Ask(string.Join('.', address.GetAddressBytes().Reverse()) + ".in-addr.arpa", DnsType.PTR, zone);
                foreach (var target in ptr.Answers.Select(a => ((NameRecordData)a.Data).Target))
                {
                    ClusterFixture.Ask(target, DnsType.A, zone).Data().ShouldContain(address.ToString());
                }
            }
        }));
    }

    [Fact]
    public void Srv_EveryTarget_HasAnAddressInTheAnswersAdditionalSection()
    {
        Check.One(Config, Prop.ForAll(Cluster.ToArbitrary(), input =>
        {
            var zone = ClusterDnsZoneBuilder.Build(input, new ClusterDnsOptions(), 1);
            foreach (var service in input.Services)
            {
                foreach (var port in service.Ports)
                {
                    var srv = ClusterFixture.Ask($"_{port.Name}._tcp.{service.Name}.{service.Namespace}.svc.cluster.local", DnsType.SRV, zone);
                    var expected = service.Kind == DnsServiceKind.ClusterIP ? 1 : service.Endpoints.Count(e => e.Ready);
                    srv.Answers.Length.ShouldBe(expected);
                    foreach (var record in srv.Answers.Select(a => (SrvRecordData)a.Data))
                    {
                        record.Port.ShouldBe((ushort)port.Port);
                        srv.Additionals.ShouldContain(a => a.Name == record.Target && a.Type == DnsType.A);
                    }
                }
            }
        }));
    }

    [Fact]
    public void Lookup_NameUnderAServiceThatNoInputMentions_IsNXDomain()
    {
        Check.One(Config, Prop.ForAll(Cluster.ToArbitrary(), input =>
        {
            var zone = ClusterDnsZoneBuilder.Build(input, new ClusterDnsOptions(), 1);
            foreach (var service in input.Services)
            {
                ClusterFixture.Ask($"nothere.{service.Name}.{service.Namespace}.svc.cluster.local", DnsType.A, zone)
                    .ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
            }
        }));
    }
}
