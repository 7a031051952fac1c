using System.Collections.Immutable;
using System.Globalization;
using Weft.Local.Cluster;

namespace Weft.Local.Topology;

/// <summary>
/// Plans a cluster's underlay and node routing. Layout:
/// <list type="bullet">
/// <item>an underlay namespace with a bridge; each node namespace has a veth whose peer is a bridge port;</item>
/// <item>native routing: every node routes each other node's pod CIDR via that node's underlay address;</item>
/// <item>VXLAN: every node has a VXLAN device addressed with its pod CIDR's network address (/32, as flannel
/// does); other nodes' pod CIDRs route on-link via that device to the peer's VXLAN address, and all-zero FDB
/// entries give head-end replication to every peer, so ARP for the next hop resolves without multicast.</item>
/// </list>
/// Pod links and pod routes are not here: the CNI plugin owns them.
/// </summary>
public static class TopologyPlanner
{
    public const int VxlanPort = 4789;

    /// <summary>The cluster DNS address, the service CIDR's tenth address (10.96.0.10 by default).</summary>
    public static System.Net.IPAddress ClusterDnsAddress(ClusterLayout layout) => layout.Spec.ServiceCidr.AddressAt(10);

    /// <summary>The underlay bridge's address: the underlay CIDR's first, never a node's (nodes start at the second).</summary>
    public static System.Net.IPAddress ExternalClientAddress(ClusterLayout layout) => layout.Spec.UnderlayCidr.AddressAt(1);

    public static TopologyPlan Plan(ClusterLayout layout)
    {
        var namespaces = ImmutableArray.CreateBuilder<string>();
        namespaces.Add(layout.UnderlayNetns);
        namespaces.AddRange(layout.Nodes.Select(n => n.Netns));

        var steps = ImmutableArray.CreateBuilder<NetnsCommands>();
        var underlay = new List<string>
        {
            "link set lo up",
            $"link add {ClusterLayout.UnderlayBridge} type bridge",
            $"link set {ClusterLayout.UnderlayBridge} up",
        };
        foreach (var node in layout.Nodes)
        {
            var port = ClusterLayout.UnderlayPort(node.Index);
            underlay.Add($"link add {port} type veth peer name {ClusterLayout.NodeUplink} netns {node.Netns}");
            underlay.Add($"link set {port} master {ClusterLayout.UnderlayBridge}");
            underlay.Add($"link set {port} up");
        }

        // The bridge forwards between nodes. Its one address (the underlay's first) stands for a client outside the
        // cluster, e.g. for NodePort: `ip netns exec weft-<cluster>-underlay curl http://<node>:<nodePort>`.
        // No forwarding and no firewalling in the underlay.
        underlay.Add($"addr add {ExternalClientAddress(layout)}/{layout.Spec.UnderlayCidr.Length.ToString(CultureInfo.InvariantCulture)} dev {ClusterLayout.UnderlayBridge}");
        steps.Add(new NetnsCommands(layout.UnderlayNetns, [.. underlay], [], []));

        foreach (var node in layout.Nodes)
        {
            steps.Add(PlanNode(layout, node));
        }

        return new TopologyPlan(namespaces.ToImmutable(), steps.ToImmutable());
    }

    private static NetnsCommands PlanNode(ClusterLayout layout, NodeLayout node)
    {
        var underlayLength = layout.Spec.UnderlayCidr.Length.ToString(CultureInfo.InvariantCulture);
        var ip = new List<string>
        {
            "link set lo up",
            $"addr add {node.UnderlayAddress}/{underlayLength} dev {ClusterLayout.NodeUplink}",
            $"link set {ClusterLayout.NodeUplink} up",

            // Cluster DNS is node-local (like NodeLocal DNSCache): every node answers on the DNS address itself.
            // Host scope keeps it out of source address selection, so masquerade never picks it (another node
            // holds the same address and would keep the replies).
            $"addr add {ClusterDnsAddress(layout)}/32 dev lo scope host",
        };
        var bridge = new List<string>();
        var peers = layout.Nodes.Where(n => n.Index != node.Index).ToList();

        if (layout.Spec.Routing == RoutingMode.Native)
        {
            foreach (var peer in peers)
            {
                ip.Add($"route add {peer.PodCidr} via {peer.UnderlayAddress} dev {ClusterLayout.NodeUplink}");
            }
        }
        else
        {
            var vx = ClusterLayout.VxlanDevice;
            ip.Add($"link add {vx} type vxlan id {layout.Spec.VxlanVni} local {node.UnderlayAddress} dev {ClusterLayout.NodeUplink} dstport {VxlanPort}");
            ip.Add($"addr add {node.VxlanAddress}/32 dev {vx}");
            ip.Add($"link set {vx} up");
            foreach (var peer in peers)
            {
                bridge.Add($"fdb append 00:00:00:00:00:00 dev {vx} dst {peer.UnderlayAddress}");
                ip.Add($"route add {peer.PodCidr} via {peer.VxlanAddress} dev {vx} onlink");
            }
        }

        // Nodes route between pods, the underlay and (later) services. rp_filter off: with /32 pod routes and
        // on-link VXLAN next hops, strict reverse-path checks would drop legitimate cross-node replies.
        KeyValuePair<string, string>[] sysctls =
        [
            new("net/ipv4/ip_forward", "1"),
            new("net/ipv4/conf/all/rp_filter", "0"),
            new("net/ipv4/conf/default/rp_filter", "0"),
        ];
        return new NetnsCommands(node.Netns, [.. ip], [.. bridge], [.. sysctls]);
    }
}
