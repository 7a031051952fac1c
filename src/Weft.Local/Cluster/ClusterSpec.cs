using Weft.Api.Net;

namespace Weft.Local.Cluster;

/// <summary>What the user asked for when the cluster was created; fixed for the cluster's life.</summary>
public sealed record ClusterSpec
{
    public const string DefaultName = "local";

    public string Name { get; init; } = DefaultName;

    public int Nodes { get; init; } = 2;

    public RoutingMode Routing { get; init; } = RoutingMode.Native;

    public IpPrefix PodCidr { get; init; } = IpPrefix.Parse("10.244.0.0/16");

    /// <summary>Prefix length of each node's share of <see cref="PodCidr"/>.</summary>
    public int NodeCidrLength { get; init; } = 24;

    public IpPrefix ServiceCidr { get; init; } = IpPrefix.Parse("10.96.0.0/16");

    public IpPrefix UnderlayCidr { get; init; } = IpPrefix.Parse("172.31.0.0/24");

    public int VxlanVni { get; init; } = 4242;

    /// <summary>
    /// Validates the spec; returns one message per problem. Cluster names become part of network namespace
    /// names (<c>weft-&lt;cluster&gt;-…</c>) and file paths. They may not contain '-', so that one cluster's
    /// prefix is never a prefix of another's (<c>weft-a-</c> versus <c>weft-a-b-</c>).
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IsValidName(Name))
        {
            problems.Add($"--cluster: '{Name}' must be 1-12 lowercase letters and digits");
        }

        if (Nodes is < 1 or > 64)
        {
            problems.Add($"--nodes: {Nodes} must be between 1 and 64");
        }

        if (NodeCidrLength > PodCidr.MaxLength - 2)
        {
            problems.Add($"--node-cidr-size: /{NodeCidrLength} leaves no room for pods (at most /{PodCidr.MaxLength - 2})");
        }
        else if (NodeCidrLength < PodCidr.Length || (UInt128.One << (NodeCidrLength - PodCidr.Length)) < (UInt128)Nodes)
        {
            problems.Add($"pod CIDR {PodCidr} has room for fewer than {Nodes} /{NodeCidrLength} node ranges");
        }

        if (UnderlayCidr.Size < (UInt128)(Nodes + 2))
        {
            problems.Add($"underlay CIDR {UnderlayCidr} has room for fewer than {Nodes} nodes");
        }

        return problems;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 12 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));
}
