namespace Weft.Flows;

/// <summary>The tier of the policy that decided a verdict, in evaluation order.</summary>
public enum PolicyTier
{
    AdminNetworkPolicy,
    NetworkPolicy,
    BaselineAdminNetworkPolicy,

    /// <summary>No policy decided: the cluster default (allow, or deny when a cluster-wide switch says so).</summary>
    Default,
}
