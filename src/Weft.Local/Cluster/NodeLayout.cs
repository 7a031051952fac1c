using System.Net;
using Weft.Api.Net;

namespace Weft.Local.Cluster;

/// <summary>The names and addresses of one node of a local cluster, derived from the spec.</summary>
public sealed record NodeLayout
{
    /// <summary>Kubernetes node name, e.g. <c>node-1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>1-based node number.</summary>
    public required int Index { get; init; }

    /// <summary>Network namespace of the node: <c>weft-&lt;cluster&gt;-node-1</c>.</summary>
    public required string Netns { get; init; }

    /// <summary>The node's address on the underlay bridge.</summary>
    public required IPAddress UnderlayAddress { get; init; }

    /// <summary>This node's share of the cluster pod CIDR.</summary>
    public required IpPrefix PodCidr { get; init; }

    /// <summary>The node-side gateway address pods on this node route through (first address of the pod CIDR).</summary>
    public IPAddress PodGateway => PodCidr.AddressAt(1);

    /// <summary>The node's VXLAN device address (the pod CIDR's network address, as flannel does).</summary>
    public IPAddress VxlanAddress => PodCidr.Network;
}
