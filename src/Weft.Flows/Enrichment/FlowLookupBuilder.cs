using System.Net;
using Weft.Api.Resources;

namespace Weft.Flows.Enrichment;

/// <summary>
/// Builds a <see cref="FlowLookupSnapshot"/> from the API objects the control plane already holds: pods (with their
/// addresses and node), the identity the policy engine gave each pod, the rule ids the datapath compiler assigned,
/// and services with their allocated cluster IPs.
/// </summary>
public static class FlowLookupBuilder
{
    public static FlowLookupSnapshot Build(
        IEnumerable<Pod> pods,
        Func<Pod, int?> identityOf,
        IEnumerable<KeyValuePair<uint, PolicyRuleRef>> rules,
        IEnumerable<(Service Service, IPAddress ClusterIP)> services)
    {
        var endpoints = new Dictionary<IPAddress, FlowEndpoint>();
        foreach (var pod in pods)
        {
            var identity = identityOf(pod);
            foreach (var address in pod.PodIPs)
            {
                // First pod wins when two claim one address (a stale object); the snapshot must stay buildable.
                endpoints.TryAdd(address, PodEndpoint(pod, address, identity));
            }
        }

        var frontends = new Dictionary<(IPAddress, int, IpProtocol), ServiceFrontend>();
        foreach (var (service, clusterIP) in services)
        {
            foreach (var frontend in Frontends(service, clusterIP))
            {
                frontends.TryAdd((frontend.Address, frontend.Port, frontend.Protocol), frontend);
            }
        }

        return new FlowLookupSnapshot(endpoints.Values, rules, frontends.Values);
    }

    public static FlowEndpoint PodEndpoint(Pod pod, IPAddress address, int? identityId) => new()
    {
        Address = address,
        Namespace = pod.Namespace,
        PodName = pod.Name,
        Node = pod.Spec.NodeName,
        IdentityId = identityId,
        Labels = pod.Metadata.Labels,
    };

    public static IEnumerable<ServiceFrontend> Frontends(Service service, IPAddress clusterIP) =>
        service.Ports.Select(p => new ServiceFrontend(clusterIP, p.Port, (IpProtocol)(byte)p.Protocol, service.Key));
}
