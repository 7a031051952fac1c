using System.Collections.Immutable;
using System.Net;
using Weft.Api.Net;

namespace Weft.Services;

/// <summary>Cluster-wide settings of the service compiler (DESIGN.md address plan defaults).</summary>
public sealed record ServiceCompilerOptions
{
    public static ServiceCompilerOptions Default { get; } = new();

    public IpPrefix ServiceCidr { get; init; } = IpPrefix.Parse("10.96.0.0/16");

    public int NodePortMin { get; init; } = 30000;

    public int NodePortMax { get; init; } = 32767;

    /// <summary>
    /// Addresses kept out of dynamic allocation, each for the one service that gets it without asking:
    /// the API server's <c>default/kubernetes</c> at the first address and cluster DNS at the tenth.
    /// Any service may still request them explicitly.
    /// </summary>
    public ImmutableSortedDictionary<string, IPAddress> ReservedClusterIPs { get; init; } =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, IPAddress>
        {
            ["default/kubernetes"] = IPAddress.Parse("10.96.0.1"),
            ["kube-system/kube-dns"] = IPAddress.Parse("10.96.0.10"),
        });

    /// <summary>Kubernetes caps an EndpointSlice at 100 endpoints by default (--max-endpoints-per-slice).</summary>
    public int MaxEndpointsPerSlice { get; init; } = 100;

    /// <summary>Options for another service range with the conventional .1 and .10 reservations inside it.</summary>
    public static ServiceCompilerOptions ForCidr(IpPrefix cidr) => new()
    {
        ServiceCidr = cidr,
        ReservedClusterIPs = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, IPAddress>
        {
            ["default/kubernetes"] = cidr.AddressAt(1),
            ["kube-system/kube-dns"] = cidr.AddressAt(10),
        }),
    };
}
