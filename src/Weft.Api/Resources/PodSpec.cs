using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>The parts of a v1 PodSpec that a network fabric and the local runtime need.</summary>
public sealed record PodSpec
{
    public ImmutableArray<Container> Containers { get; init; } = [];

    public string? NodeName { get; init; }

    public string? Hostname { get; init; }

    public string? Subdomain { get; init; }

    public string? ServiceAccountName { get; init; }

    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.Always;

    /// <summary>
    /// The pod shares its node's network namespace: it has no pod IP of its own and NetworkPolicy does not select it.
    /// </summary>
    public bool HostNetwork { get; init; }
}
