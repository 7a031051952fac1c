namespace Weft.Local.Cluster;

/// <summary>How nodes reach each other's pod CIDRs.</summary>
public enum RoutingMode
{
    /// <summary>Each node routes every other node's pod CIDR via that node's underlay address.</summary>
    Native,

    /// <summary>A kernel VXLAN device per node; pod CIDRs route over it with static FDB/neighbour entries.</summary>
    Vxlan,
}
