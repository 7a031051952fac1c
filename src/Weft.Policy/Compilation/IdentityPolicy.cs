namespace Weft.Policy.Compilation;

/// <summary>The compiled policy of one identity: what decides its ingress and its egress.</summary>
internal sealed record IdentityPolicy(DirectionPolicy Ingress, DirectionPolicy Egress);
