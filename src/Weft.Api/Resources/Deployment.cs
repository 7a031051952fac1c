using Weft.Api.Selectors;

namespace Weft.Api.Resources;

/// <summary>apps/v1 Deployment, expanded into pods by the local runtime.</summary>
public sealed record Deployment : Resource
{
    public override string Kind => "Deployment";

    public override string ApiVersion => "apps/v1";

    public int Replicas { get; init; } = 1;

    public required LabelSelector Selector { get; init; }

    public required PodTemplate Template { get; init; }
}
