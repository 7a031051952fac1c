using System.Collections.Immutable;
using System.Net;

namespace Weft.Dns.Zone;

/// <summary>A service as DNS sees it.</summary>
public sealed record DnsService
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public DnsServiceKind Kind { get; init; } = DnsServiceKind.ClusterIP;

    /// <summary>The cluster IPs (one per family); empty for headless and ExternalName services.</summary>
    public ImmutableArray<IPAddress> ClusterIPs { get; init; } = [];

    public ImmutableArray<DnsServicePort> Ports { get; init; } = [];

    /// <summary>The CNAME target of an ExternalName service.</summary>
    public string? ExternalName { get; init; }

    /// <summary>Publish not-ready endpoints of a headless service too (Service.spec.publishNotReadyAddresses).</summary>
    public bool PublishNotReadyAddresses { get; init; }

    /// <summary>The endpoints; only headless services use them in DNS.</summary>
    public ImmutableArray<DnsEndpoint> Endpoints { get; init; } = [];
}
