namespace Weft.Local.Supervision;

/// <summary>The Kubernetes pod phase.</summary>
public enum PodPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
