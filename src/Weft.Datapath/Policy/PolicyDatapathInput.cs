using Weft.Policy.Inputs;

namespace Weft.Datapath.Policy;

/// <summary>What the policy datapath is compiled from: the policy input and the cluster-wide audit switch.</summary>
public sealed record PolicyDatapathInput
{
    /// <summary>A policy with this annotation set to <c>audit</c> only logs what it would deny.</summary>
    public const string ModeAnnotation = "policy.weft.io/mode";

    public required PolicyInput Policies { get; init; }

    /// <summary>Every policy in audit mode (the rollout's first week): nothing is dropped, would-be drops are logged.</summary>
    public bool ClusterAudit { get; init; }
}
