using System.Collections.Immutable;
using Weft.Api.Net;

namespace Weft.Api.Resources;

/// <summary>An ingress or egress rule of an (B)ANP.</summary>
public sealed record AdminRule
{
    public string Name { get; init; } = "";

    public required AdminRuleAction Action { get; init; }

    /// <summary>Peers given by namespaces or pods (<c>from</c> for ingress, <c>to</c> for egress). At least one peer in total.</summary>
    public ImmutableArray<AdminSubject> Peers { get; init; } = [];

    /// <summary>Egress <c>networks</c> peers (CIDRs).</summary>
    public ImmutableArray<IpPrefix> Networks { get; init; } = [];

    /// <summary>Empty matches all ports.</summary>
    public ImmutableArray<AdminPort> Ports { get; init; } = [];
}
