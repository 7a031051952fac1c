using System.Collections.Immutable;
using System.Net.Sockets;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Services;
using Weft.Services.Model;

namespace Weft.Datapath.Services;

/// <summary>
/// Derives a node's service plan from the service model: which services have a virtual IP here, which
/// endpoints each path may use after readiness and traffic policies. Pure.
/// </summary>
public static class NodeServicePlanner
{
    public static NodeServicePlan Plan(ServiceModel model, string nodeName)
    {
        var ports = new List<ServicePortPlan>();
        foreach (var service in model.Services.Values)
        {
            if (service.ClusterIP is not { AddressFamily: AddressFamily.InterNetwork } clusterIp || service.Type == ServiceType.ExternalName)
            {
                continue;
            }

            foreach (var port in service.Ports)
            {
                var usable = Usable(port.Backends, nodeName);
                var local = usable.Where(e => e.IsLocal).ToImmutableArray();
                var nodePort = service.Type is ServiceType.NodePort or ServiceType.LoadBalancer ? port.NodePort : null;
                ports.Add(new ServicePortPlan
                {
                    Id = NftNames.ServicePortId(service.Key, port.Protocol, port.Name, port.Port),
                    ClusterIP = clusterIp,
                    Protocol = port.Protocol,
                    Port = port.Port,
                    NodePort = nodePort,
                    ClusterEndpoints = service.InternalTrafficPolicy == TrafficPolicy.Local ? local : usable,
                    ExternalEndpoints = nodePort is null ? [] : service.ExternalTrafficPolicy == TrafficPolicy.Local ? local : usable,
                    HasEndpoints = !usable.IsEmpty,
                    AffinityTimeoutSeconds = service.SessionAffinity == SessionAffinity.ClientIP ? service.SessionAffinityTimeoutSeconds : null,
                    ExternalLocal = service.ExternalTrafficPolicy == TrafficPolicy.Local,
                });
            }
        }

        return new NodeServicePlan
        {
            NodeName = nodeName,
            Revision = model.Revision,
            Ports = [.. ports.OrderBy(p => p.Id, StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// Ready endpoints; when there are none, serving-but-terminating ones, so connections keep working while a
    /// deployment rolls (kube-proxy's ProxyTerminatingEndpoints, KEP-1669).
    /// </summary>
    private static ImmutableArray<EndpointTarget> Usable(ImmutableArray<Backend> backends, string nodeName)
    {
        var ipv4 = backends.Where(b => b.Address.AddressFamily == AddressFamily.InterNetwork).ToList();
        var chosen = ipv4.Where(b => b.Ready).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. ipv4.Where(b => b.Serving && b.Terminating)];
        }

        return [.. chosen.Select(b => new EndpointTarget(b.Address, b.Port, string.Equals(b.NodeName, nodeName, StringComparison.Ordinal)))];
    }
}
