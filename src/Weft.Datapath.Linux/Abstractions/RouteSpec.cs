using System.Net;
using Weft.Api.Net;

namespace Weft.Datapath.Linux.Abstractions;

/// <summary>A unicast route in the main table.</summary>
public sealed record RouteSpec(IpPrefix Destination)
{
    public IPAddress? Gateway { get; init; }

    public string? Device { get; init; }

    /// <summary>The gateway is on the link even though no address covers it (ptp / link-local gateways).</summary>
    public bool OnLink { get; init; }

    public IPAddress? Source { get; init; }

    /// <summary>Scope link: the destination is directly reachable on <see cref="Device"/>.</summary>
    public bool LinkScope { get; init; }
}
