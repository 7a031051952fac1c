using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Local.Runtime;

/// <summary>A pod the runtime is responsible for; mutable, owned by <see cref="ClusterRuntime"/> under its gate.</summary>
internal sealed class PodInstance(Pod pod, string fingerprint, DateTimeOffset createdAt)
{
    public Pod Pod { get; set; } = pod;

    public string Fingerprint { get; } = fingerprint;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public PodSandbox? Sandbox { get; set; }

    public ImmutableArray<IPAddress> Addresses { get; set; } = [];

    public IPodContainers? Containers { get; set; }

    public string? PendingReason { get; set; }

    public string? PendingMessage { get; set; }

    /// <summary>Set while the pod is being removed: its endpoints turn terminating before they go.</summary>
    public bool Terminating { get; set; }
}
