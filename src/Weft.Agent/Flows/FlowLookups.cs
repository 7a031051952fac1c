using Weft.Flows;
using Weft.Flows.Enrichment;

namespace Weft.Agent.Flows;

/// <summary>
/// The flow lookup a snapshot implies: its pods by address (namespace, name, node, labels) and its services'
/// cluster IP frontends. Pure; built once per snapshot and swapped whole into the collector.
/// </summary>
public static class FlowLookups
{
    public static FlowLookupSnapshot Build(ClusterSnapshot snapshot, IEnumerable<KeyValuePair<uint, PolicyRuleRef>>? rules = null)
    {
        var endpoints = new List<FlowEndpoint>();
        foreach (var pod in snapshot.Pods)
        {
            // Identities come with the policy datapath; until then a pod is named by namespace, name and labels.
            endpoints.AddRange(pod.PodIPs.Select(address => FlowLookupBuilder.PodEndpoint(pod, address, null)));
        }

        var frontends = new List<ServiceFrontend>();
        foreach (var service in snapshot.Services.Services.Values)
        {
            if (service.ClusterIP is not { } clusterIP || service.Headless)
            {
                continue;
            }

            frontends.AddRange(service.Ports.Select(p => new ServiceFrontend(clusterIP, p.Port, (IpProtocol)(byte)p.Protocol, service.Key)));
        }

        // The frozen snapshot rejects duplicate keys; a stale object may share an address, and the first one wins.
        return new FlowLookupSnapshot(
            endpoints.DistinctBy(e => e.Address),
            (rules ?? []).DistinctBy(r => r.Key),
            frontends.DistinctBy(f => (f.Address, f.Port, f.Protocol)));
    }
}
