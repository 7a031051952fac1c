using System.Collections.Immutable;
using System.Net;

namespace Weft.Dns.Zone;

/// <summary>One endpoint of a service (an EndpointSlice endpoint).</summary>
public sealed record DnsEndpoint
{
    public required ImmutableArray<IPAddress> Addresses { get; init; }

    public bool Ready { get; init; } = true;

    /// <summary>The endpoint's hostname (pod spec.hostname when spec.subdomain names the service).</summary>
    public string? Hostname { get; init; }

    /// <summary>The backing pod's name; used as the hostname when <see cref="ClusterDnsOptions.EndpointPodNames"/> is set.</summary>
    public string? PodName { get; init; }
}
