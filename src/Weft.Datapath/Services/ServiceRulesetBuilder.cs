using System.Collections.Immutable;
using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Services;

/// <summary>
/// Renders a node's service plan as the desired content of Weft's nftables table (the layout is described in
/// docs/services.md). The packet path: a base chain jumps to <c>services</c>, one verdict-map lookup finds the
/// service port's chain, that chain picks an endpoint chain (affinity first, else at random), and the endpoint
/// chain DNATs. Services without usable endpoints are answered in the filter hooks, before routing sends the
/// packet anywhere, from the <c>no-endpoint-*</c> maps.
/// </summary>
public static class ServiceRulesetBuilder
{
    public const string ServiceIpsMap = "service-ips";
    public const string NodePortsMap = "service-nodeports";
    public const string NoEndpointServicesMap = "no-endpoint-services";
    public const string NoEndpointNodePortsMap = "no-endpoint-nodeports";
    public const string ServicesChain = "services";
    public const string MarkForMasqueradeChain = "mark-for-masquerade";
    public const string MasqueradingChain = "masquerading";
    public const string RejectChain = "reject-chain";
    public const string ServiceEndpointsCheckChain = "service-endpoints-check";
    public const string NodePortEndpointsCheckChain = "nodeport-endpoints-check";

    private const string ServiceKeyType = "ipv4_addr . inet_proto . inet_service";
    private const string NodePortKeyType = "inet_proto . inet_service";

    public static NftRuleset Build(NodeServicePlan plan, NftTable? table = null)
    {
        var chains = ImmutableSortedDictionary.CreateBuilder<string, NftChain>(StringComparer.Ordinal);
        var sets = ImmutableSortedDictionary.CreateBuilder<string, NftSet>(StringComparer.Ordinal);
        var serviceIps = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);
        var nodePorts = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);
        var noEndpointServices = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);
        var noEndpointNodePorts = ImmutableSortedDictionary.CreateBuilder<string, NftVerdict>(StringComparer.Ordinal);

        AddBaseChains(chains);
        foreach (var port in plan.Ports)
        {
            var proto = NftNames.Protocol(port.Protocol);
            var serviceKey = $"{port.ClusterIP} . {proto} . {port.Port}";
            var noEndpoints = port.HasEndpoints ? NftVerdict.Drop : NftVerdict.Goto(RejectChain);

            if (port.ClusterEndpoints.IsEmpty)
            {
                noEndpointServices[serviceKey] = noEndpoints;
            }
            else
            {
                var chain = NftNames.ServiceChain(port.Id);
                chains[chain] = new NftChain(chain, SelectionRules(port, port.ClusterEndpoints, []));
                serviceIps[serviceKey] = NftVerdict.Goto(chain);
            }

            if (port.NodePort is { } nodePort)
            {
                var nodePortKey = $"{proto} . {nodePort}";
                if (port.ExternalEndpoints.IsEmpty)
                {
                    noEndpointNodePorts[nodePortKey] = noEndpoints;
                }
                else
                {
                    // Traffic from outside the node is masqueraded so replies come back through this node to be
                    // un-DNATed; externalTrafficPolicy Local keeps the client address and uses local endpoints only.
                    ImmutableArray<NftRule> prefix = port.ExternalLocal ? [] : [new VerdictRule(NftVerdict.Jump(MarkForMasqueradeChain))];
                    var chain = NftNames.ExternalChain(port.Id);
                    chains[chain] = new NftChain(chain, SelectionRules(port, port.ExternalEndpoints, prefix));
                    nodePorts[nodePortKey] = NftVerdict.Goto(chain);
                }
            }

            foreach (var endpoint in port.ClusterEndpoints.Concat(port.ExternalEndpoints).Distinct())
            {
                var chain = NftNames.EndpointChain(port.Id, endpoint.ToString());
                var rules = ImmutableArray.CreateBuilder<NftRule>();

                // Hairpin: a pod reaching itself through the service must see the reply come from the service,
                // so the packet is masqueraded to the node's address.
                rules.Add(new SourceAddressJumpRule(endpoint.Address, MarkForMasqueradeChain));
                if (port.AffinityTimeoutSeconds is { } timeout)
                {
                    var set = NftNames.AffinitySet(port.Id, endpoint.ToString(), timeout);
                    sets[set] = new NftSet(set, timeout);
                    rules.Add(new AffinityUpdateRule(set));
                }

                rules.Add(new DnatRule(port.Protocol, endpoint.Address, endpoint.Port));
                chains[chain] = new NftChain(chain, rules.ToImmutable());
            }
        }

        var maps = ImmutableSortedDictionary.CreateBuilder<string, NftMap>(StringComparer.Ordinal);
        maps[ServiceIpsMap] = new NftMap(ServiceIpsMap, ServiceKeyType, serviceIps.ToImmutable());
        maps[NodePortsMap] = new NftMap(NodePortsMap, NodePortKeyType, nodePorts.ToImmutable());
        maps[NoEndpointServicesMap] = new NftMap(NoEndpointServicesMap, ServiceKeyType, noEndpointServices.ToImmutable());
        maps[NoEndpointNodePortsMap] = new NftMap(NoEndpointNodePortsMap, NodePortKeyType, noEndpointNodePorts.ToImmutable());
        return new NftRuleset
        {
            Table = table ?? NftTable.Default,
            Chains = chains.ToImmutable(),
            Maps = maps.ToImmutable(),
            Sets = sets.ToImmutable(),
        };
    }

    private static ImmutableArray<NftRule> SelectionRules(ServicePortPlan port, ImmutableArray<EndpointTarget> endpoints, ImmutableArray<NftRule> prefix)
    {
        var rules = ImmutableArray.CreateBuilder<NftRule>();
        rules.AddRange(prefix);
        var endpointChains = endpoints.Select(e => NftNames.EndpointChain(port.Id, e.ToString())).ToImmutableArray();
        if (port.AffinityTimeoutSeconds is { } timeout)
        {
            for (var i = 0; i < endpoints.Length; i++)
            {
                rules.Add(new AffinityCheckRule(NftNames.AffinitySet(port.Id, endpoints[i].ToString(), timeout), endpointChains[i]));
            }
        }

        for (var i = 0; i < endpointChains.Length - 1; i++)
        {
            rules.Add(new RandomGotoRule(endpointChains.Length - i, endpointChains[i]));
        }

        rules.Add(new VerdictRule(NftVerdict.Goto(endpointChains[^1])));
        return rules.ToImmutable();
    }

    private static void AddBaseChains(ImmutableSortedDictionary<string, NftChain>.Builder chains)
    {
        void Add(string name, NftHook? hook, params NftRule[] rules) => chains[name] = new NftChain(name, [.. rules], hook);

        // DNAT for traffic routed through the node (pods, NodePort) and for the node's own processes.
        Add("nat-prerouting", new NftHook("nat", "prerouting", -100), new VerdictRule(NftVerdict.Jump(ServicesChain)));
        Add("nat-output", new NftHook("nat", "output", -100), new VerdictRule(NftVerdict.Jump(ServicesChain)));
        Add("nat-postrouting", new NftHook("nat", "postrouting", 100), new VerdictRule(NftVerdict.Jump(MasqueradingChain)));

        // Priority -110 runs before conntrack-based filtering of other tables; only new connections are checked.
        Add("filter-input", new NftHook("filter", "input", -110),
            new VerdictRule(NftVerdict.Jump(NodePortEndpointsCheckChain), OnlyNewConnections: true),
            new VerdictRule(NftVerdict.Jump(ServiceEndpointsCheckChain), OnlyNewConnections: true));
        Add("filter-forward", new NftHook("filter", "forward", -110), new VerdictRule(NftVerdict.Jump(ServiceEndpointsCheckChain), OnlyNewConnections: true));
        Add("filter-output", new NftHook("filter", "output", -110), new VerdictRule(NftVerdict.Jump(ServiceEndpointsCheckChain), OnlyNewConnections: true));

        Add(ServicesChain, null, new ServiceLookupRule(ServiceIpsMap), new NodePortLookupRule(NodePortsMap));
        Add(ServiceEndpointsCheckChain, null, new ServiceLookupRule(NoEndpointServicesMap));
        Add(NodePortEndpointsCheckChain, null, new NodePortLookupRule(NoEndpointNodePortsMap));
        Add(MarkForMasqueradeChain, null, new MarkRule(MarkOperation.Set));
        Add(MasqueradingChain, null, new MarkRule(MarkOperation.ReturnIfUnset), new MarkRule(MarkOperation.Clear), new MasqueradeRule());
        Add(RejectChain, null, new RejectRule());
    }
}
