using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Services;

namespace Weft.Datapath.Tests.Nftables;

/// <summary>Random node plans over a small universe of services and backends, so that two plans overlap a lot.</summary>
internal static class RandomPlans
{
    public static NodeServicePlan Create(int seed)
    {
        var random = new Random(seed);
        var ports = new List<ServicePortPlan>();
        var services = random.Next(0, 7);
        for (var s = 0; s < services; s++)
        {
            var name = $"default/svc{random.Next(0, 8)}";
            if (ports.Any(p => p.Id.StartsWith(name + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var protocol = random.Next(3) == 0 ? Protocol.Udp : Protocol.Tcp;
            var endpoints = Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => new EndpointTarget(IPAddress.Parse($"10.244.{random.Next(1, 3)}.{random.Next(10, 16)}"), 8080 + random.Next(0, 2), random.Next(2) == 0))
                .DistinctBy(e => (e.Address, e.Port))
                .ToImmutableArray();
            var nodePort = random.Next(2) == 0 ? 30000 + int.Parse(name[^1..]) : (int?)null;
            var externalLocal = random.Next(3) == 0;
            var internalLocal = random.Next(4) == 0;
            ports.Add(new ServicePortPlan
            {
                Id = NftNames.ServicePortId(name, protocol, "p", 80),
                ClusterIP = IPAddress.Parse($"10.96.0.{random.Next(2, 6) + (10 * int.Parse(name[^1..]))}"),
                Protocol = protocol,
                Port = 80,
                NodePort = nodePort,
                ClusterEndpoints = internalLocal ? [.. endpoints.Where(e => e.IsLocal)] : endpoints,
                ExternalEndpoints = nodePort is null ? [] : externalLocal ? [.. endpoints.Where(e => e.IsLocal)] : endpoints,
                HasEndpoints = !endpoints.IsEmpty,
                AffinityTimeoutSeconds = random.Next(3) == 0 ? 60 * random.Next(1, 3) : null,
                ExternalLocal = externalLocal,
            });
        }

        return new NodeServicePlan { NodeName = "node1", Ports = [.. ports.OrderBy(p => p.Id, StringComparer.Ordinal)] };
    }
}
