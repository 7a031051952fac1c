using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Services;

namespace Weft.Bench.Services;

/// <summary>
/// N services with E pods each. Service i has cluster IP 10.96.0.0 + 100 + i. The last service is the one the
/// traffic benchmark uses: its E "pods" are the real backend namespace, one per port 8080.. (named port "http").
/// </summary>
internal static class SyntheticCluster
{
    public static ServiceInputs Create(int services, int endpoints, IPAddress backend)
    {
        var serviceList = ImmutableArray.CreateBuilder<Service>(services);
        var pods = ImmutableArray.CreateBuilder<Pod>(services * endpoints);
        var podNumber = 0;
        for (var i = 0; i < services; i++)
        {
            var offset = 100 + i;
            serviceList.Add(new Service
            {
                Metadata = new ObjectMeta { Name = $"svc-{i}", Namespace = "bench" },
                ClusterIP = $"10.96.{offset / 256}.{offset % 256}",
                Selector = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", $"svc-{i}")]),
                Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromName("http") }],
            });
            for (var e = 0; e < endpoints; e++)
            {
                var target = i == services - 1;
                pods.Add(Pod($"svc-{i}-{e}", $"svc-{i}", target ? backend : PodAddress(podNumber++), target ? 8080 + e : 8080));
            }
        }

        return new ServiceInputs { Services = serviceList.ToImmutable(), Pods = pods.ToImmutable() };
    }

    public static Pod Pod(string name, string app, IPAddress address, int port) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "bench",
            Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
        },
        Spec = new PodSpec { NodeName = "node1", Containers = [new Container { Name = "c", Ports = [new ContainerPort { Name = "http", Port = port }] }] },
        PodIPs = [address],
    };

    public static IPAddress PodAddress(int n) => IPAddress.Parse($"10.{244 + (n / 62500)}.{n % 62500 / 250}.{(n % 250) + 2}");
}
