using System.Collections.Immutable;

namespace Weft.Api.Resources;

public sealed record Endpoint
{
    public ImmutableArray<string> Addresses { get; init; } = [];

    /// <summary>Kubernetes treats a missing <c>ready</c> as ready.</summary>
    public bool? Ready { get; init; }

    public bool? Serving { get; init; }

    public bool? Terminating { get; init; }

    public string? Hostname { get; init; }

    public string? NodeName { get; init; }

    /// <summary><c>namespace/name</c> of the target pod, when the endpoint is a pod.</summary>
    public string? TargetPod { get; init; }
}
