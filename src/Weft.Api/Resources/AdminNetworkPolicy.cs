using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy (cluster-scoped).</summary>
public sealed record AdminNetworkPolicy : Resource
{
    public override string Kind => "AdminNetworkPolicy";

    public override string ApiVersion => "policy.networking.k8s.io/v1alpha1";

    /// <summary>0..1000; lower numbers take precedence.</summary>
    public required int Priority { get; init; }

    public required AdminSubject Subject { get; init; }

    public ImmutableArray<AdminRule> Ingress { get; init; } = [];

    public ImmutableArray<AdminRule> Egress { get; init; } = [];
}
