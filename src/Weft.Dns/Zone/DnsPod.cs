using System.Collections.Immutable;
using System.Net;

namespace Weft.Dns.Zone;

/// <summary>A pod: its IPs get <c>a-b-c-d.ns.pod.zone</c> records and PTRs.</summary>
public sealed record DnsPod
{
    public required string Namespace { get; init; }

    public string? Name { get; init; }

    public required ImmutableArray<IPAddress> IPs { get; init; }
}
