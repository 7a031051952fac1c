using System.Collections.Immutable;
using Weft.Api.Selectors;

namespace Weft.Api.Resources;

/// <summary>networking.k8s.io/v1 NetworkPolicy.</summary>
public sealed record NetworkPolicy : Resource
{
    public override string Kind => "NetworkPolicy";

    public override string ApiVersion => "networking.k8s.io/v1";

    /// <summary>Pods in the policy's namespace that it applies to; empty selects all.</summary>
    public required LabelSelector PodSelector { get; init; }

    /// <summary>The policy types as written; empty when the manifest leaves them out (then they are inferred).</summary>
    public ImmutableArray<PolicyType> PolicyTypes { get; init; } = [];

    public ImmutableArray<NetworkPolicyRule> Ingress { get; init; } = [];

    public ImmutableArray<NetworkPolicyRule> Egress { get; init; } = [];

    /// <summary>
    /// The effective policy types: as written, or inferred as the API server does —
    /// Ingress always, Egress when the policy has at least one egress rule.
    /// </summary>
    public bool AppliesToIngress => PolicyTypes.IsDefaultOrEmpty || PolicyTypes.Contains(PolicyType.Ingress);

    /// <inheritdoc cref="AppliesToIngress"/>
    public bool AppliesToEgress => PolicyTypes.IsDefaultOrEmpty ? !Egress.IsDefaultOrEmpty : PolicyTypes.Contains(PolicyType.Egress);
}
