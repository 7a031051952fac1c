using System.Collections.Immutable;
using Weft.Api.Resources;

namespace Weft.Local.Supervision;

/// <summary>A pod as the pod supervisor runs it: identity, its network namespace, restart policy and containers.</summary>
public sealed record PodRuntimeSpec
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The pod's network namespace name (processes and probes run inside it), or null for weft's own.</summary>
    public string? NetworkNamespace { get; init; }

    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.Always;

    public required ImmutableArray<ContainerRuntimeSpec> Containers { get; init; }
}
