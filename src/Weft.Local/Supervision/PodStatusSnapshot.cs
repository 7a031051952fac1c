using System.Collections.Immutable;

namespace Weft.Local.Supervision;

/// <summary>
/// A pod's status as a flat, serialisable value: what the supervising process writes to
/// <c>pods/NS_POD/status.json</c> so another weft process (<c>weft get pods</c>) can read it.
/// </summary>
public sealed record PodStatusSnapshot
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Phase { get; init; }

    /// <summary>kubectl's STATUS column (CrashLoopBackOff, Running, Completed, …).</summary>
    public required string Status { get; init; }

    public bool Ready { get; init; }

    public int ReadyContainers { get; init; }

    public int Containers { get; init; }

    public int Restarts { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ImmutableArray<ContainerStatusSnapshot> ContainerStatuses { get; init; } = [];

    public static PodStatusSnapshot From(string @namespace, string name, PodRuntimeStatus status, DateTimeOffset now) => new()
    {
        Namespace = @namespace,
        Name = name,
        Phase = status.Phase.ToString(),
        Status = status.DisplayStatus,
        Ready = status.Ready,
        ReadyContainers = status.ReadyCount,
        Containers = status.Containers.Length,
        Restarts = status.Restarts,
        UpdatedAt = now,
        ContainerStatuses = [.. status.Containers.Select(ContainerStatusSnapshot.From)],
    };
}
