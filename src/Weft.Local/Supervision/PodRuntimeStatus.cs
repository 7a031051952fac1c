using System.Collections.Immutable;

namespace Weft.Local.Supervision;

/// <summary>A pod's status derived from its containers' statuses, the way kubelet and kubectl derive it.</summary>
public sealed record PodRuntimeStatus(ImmutableArray<ContainerStatus> Containers)
{
    /// <summary>Pending until every container has started once; Succeeded/Failed when all ended for good; else Running.</summary>
    public PodPhase Phase
    {
        get
        {
            if (Containers.Any(c => c.State is WaitingState { Reason: ContainerReasons.ContainerCreating }))
            {
                return PodPhase.Pending;
            }

            if (Containers.All(c => c.State is TerminatedState && c.NextRestartAt is null))
            {
                return Containers.All(c => c.State is TerminatedState { ExitCode: 0 }) ? PodPhase.Succeeded : PodPhase.Failed;
            }

            return PodPhase.Running;
        }
    }

    /// <summary>Ready when every container is ready (the pod's Ready condition).</summary>
    public bool Ready => Containers.Length > 0 && Containers.All(c => c.Ready);

    public int ReadyCount => Containers.Count(c => c.Ready);

    public int Restarts => Containers.Sum(c => c.RestartCount);

    /// <summary>
    /// The STATUS column of <c>kubectl get pods</c>: a waiting or terminated container's reason when there is one
    /// (CrashLoopBackOff, Error, Completed, ContainerCannotRun, ContainerCreating), else the phase.
    /// </summary>
    public string DisplayStatus
    {
        get
        {
            var reason = Phase.ToString();
            foreach (var container in Containers)
            {
                reason = container.State switch
                {
                    WaitingState waiting when waiting.Reason.Length > 0 => waiting.Reason,
                    TerminatedState terminated when terminated.Reason.Length > 0 => terminated.Reason,
                    _ => reason,
                };
            }

            return reason;
        }
    }
}
