namespace Weft.Policy.Evaluation;

/// <summary>The tier that decided one direction of a connection.</summary>
public enum PolicyTier
{
    AdminNetworkPolicy,
    NetworkPolicy,
    BaselineAdminNetworkPolicy,

    /// <summary>Nothing selected the pod in this direction (or nothing matched outside NetworkPolicy isolation): allowed.</summary>
    Default,
}
