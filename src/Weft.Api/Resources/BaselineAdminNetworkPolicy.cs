using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy; the API allows only one, named "default".</summary>
public sealed record BaselineAdminNetworkPolicy : Resource
{
    public override string Kind => "BaselineAdminNetworkPolicy";

    public override string ApiVersion => "policy.networking.k8s.io/v1alpha1";

    public required AdminSubject Subject { get; init; }

    /// <summary>Rules whose action is Allow or Deny (Pass is not valid in a BANP).</summary>
    public ImmutableArray<AdminRule> Ingress { get; init; } = [];

    public ImmutableArray<AdminRule> Egress { get; init; } = [];
}
