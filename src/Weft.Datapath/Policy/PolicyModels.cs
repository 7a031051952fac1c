using Weft.Api.Resources;
using Weft.Policy;
using Weft.Policy.Compilation;
using Weft.Policy.Inputs;

namespace Weft.Datapath.Policy;

/// <summary>
/// Audit mode without touching the engine: <see cref="Enforced"/> is compiled from the input without the
/// audit-mode policies (none at all with the cluster-wide switch), <see cref="All"/> from every policy. The
/// datapath enforces <see cref="Enforced"/>; where it allows and <see cref="All"/> denies, the verdict is AUDIT.
/// </summary>
public sealed record PolicyModels(PolicyModel Enforced, PolicyModel All)
{
    public static PolicyModels Compile(PolicyDatapathInput input, PolicyModels? previous = null)
    {
        var all = PolicyCompiler.Compile(input.Policies, previous?.All);
        var enforcedInput = input.ClusterAudit
            ? input.Policies with { NetworkPolicies = [], AdminNetworkPolicies = [], BaselineAdminNetworkPolicy = null }
            : WithoutAuditPolicies(input.Policies);
        var enforced = enforcedInput == input.Policies ? all : PolicyCompiler.Compile(enforcedInput, previous?.Enforced);
        return new PolicyModels(enforced, all);
    }

    public static bool IsAudit(Resource policy) =>
        policy.Metadata.Annotations.TryGetValue(PolicyDatapathInput.ModeAnnotation, out var mode)
        && string.Equals(mode, "audit", StringComparison.OrdinalIgnoreCase);

    private static PolicyInput WithoutAuditPolicies(PolicyInput input)
    {
        if (!input.NetworkPolicies.Any(IsAudit) && !input.AdminNetworkPolicies.Any(IsAudit)
            && !(input.BaselineAdminNetworkPolicy is { } b && IsAudit(b)))
        {
            return input;
        }

        return input with
        {
            NetworkPolicies = [.. input.NetworkPolicies.Where(p => !IsAudit(p))],
            AdminNetworkPolicies = [.. input.AdminNetworkPolicies.Where(p => !IsAudit(p))],
            BaselineAdminNetworkPolicy = input.BaselineAdminNetworkPolicy is { } banp && IsAudit(banp) ? null : input.BaselineAdminNetworkPolicy,
        };
    }
}
