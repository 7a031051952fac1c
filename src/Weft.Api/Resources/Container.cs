using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>v1 Container: what runs, and the ports it names.</summary>
public sealed record Container
{
    public required string Name { get; init; }

    public string? Image { get; init; }

    public ImmutableArray<string> Command { get; init; } = [];

    public ImmutableArray<string> Args { get; init; } = [];

    public ImmutableArray<ContainerPort> Ports { get; init; } = [];

    public ImmutableArray<EnvVar> Env { get; init; } = [];

    public Probe? ReadinessProbe { get; init; }

    public Probe? LivenessProbe { get; init; }
}
