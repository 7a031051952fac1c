namespace Weft.Datapath.Policy;

/// <summary>
/// The cluster-wide policy mode. <see cref="Audit"/> is the rollout's first week: every policy is compiled and
/// every would-be drop is logged as an AUDIT verdict, but nothing is dropped. Per-policy audit (the
/// <see cref="PolicyDatapathInput.ModeAnnotation"/> annotation) works in either mode.
/// </summary>
public enum PolicyMode
{
    Enforce,
    Audit,
}
