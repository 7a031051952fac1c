using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Services;

/// <summary>
/// Conntrack entries that a plan change makes wrong. TCP needs no help: a removed backend resets or times out.
/// UDP "connections" never end while packets flow, so a client would keep sending to a removed backend forever
/// (kubernetes/kubernetes#125467); and packets sent while a UDP service had no endpoints left entries without
/// DNAT that would swallow traffic once endpoints appear. Both kinds are deleted, as kube-proxy does.
/// </summary>
internal static class StaleFlows
{
    public static ImmutableArray<ConntrackFlowFilter> Between(NodeServicePlan? previous, NodeServicePlan next)
    {
        if (previous is null)
        {
            return [];
        }

        var nextById = next.Ports.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var filters = new List<ConntrackFlowFilter>();
        foreach (var old in previous.Ports.Where(p => p.Protocol == Protocol.Udp))
        {
            nextById.TryGetValue(old.Id, out var now);
            var remaining = now is null ? [] : now.ClusterEndpoints.Concat(now.ExternalEndpoints).Select(e => (e.Address, e.Port)).ToHashSet();
            foreach (var gone in old.ClusterEndpoints.Concat(old.ExternalEndpoints).DistinctBy(e => (e.Address, e.Port))
                         .Where(e => !remaining.Contains((e.Address, e.Port))))
            {
                filters.Add(new ConntrackFlowFilter
                {
                    Protocol = Protocol.Udp,
                    OriginalDestination = old.ClusterIP,
                    OriginalDestinationPort = old.Port,
                    ReplySource = gone.Address,
                    ReplySourcePort = gone.Port,
                });
                if (old.NodePort is { } nodePort)
                {
                    filters.Add(new ConntrackFlowFilter { Protocol = Protocol.Udp, OriginalDestinationPort = nodePort, ReplySource = gone.Address, ReplySourcePort = gone.Port });
                }
            }
        }

        var previousById = previous.Ports.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var now in next.Ports.Where(p => p.Protocol == Protocol.Udp && !p.ClusterEndpoints.IsEmpty))
        {
            if (previousById.TryGetValue(now.Id, out var old) && old.ClusterEndpoints.IsEmpty)
            {
                filters.Add(new ConntrackFlowFilter { Protocol = Protocol.Udp, OriginalDestination = now.ClusterIP, OriginalDestinationPort = now.Port });
            }
        }

        return [.. filters];
    }
}
