using Weft.Cni.Spec;

namespace Weft.Cni.Ipam;

/// <summary>
/// The IPAM configuration, in host-local's keys. Each range set yields one address per attachment (for
/// example one IPv4 and one IPv6); ranges inside a set are tried in order.
/// </summary>
public sealed record IpamConfig
{
    public required string NetworkName { get; init; }

    public required IReadOnlyList<IReadOnlyList<IpamRange>> RangeSets { get; init; }

    public IReadOnlyList<CniRoute> Routes { get; init; } = [];

    /// <summary>Allocations live in DataDir/NetworkName/.</summary>
    public required string DataDir { get; init; }

    public const string DefaultDataDir = "/var/lib/weft/ipam";
}
