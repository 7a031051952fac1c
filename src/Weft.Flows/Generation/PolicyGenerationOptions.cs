namespace Weft.Flows.Generation;

/// <summary>What <c>weft policy generate --from-flows</c> should cover.</summary>
public sealed record PolicyGenerationOptions
{
    /// <summary>Only generate policies for workloads in this namespace (peers may be anywhere).</summary>
    public string? Namespace { get; init; }

    /// <summary>Only use flows at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    public bool Ingress { get; init; } = true;

    public bool Egress { get; init; } = true;
}
