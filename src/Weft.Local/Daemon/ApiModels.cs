namespace Weft.Local.Daemon;

// The cluster daemon's HTTP API bodies (JSON over a Unix socket). Plain data, shared by server and client.

public sealed record ApplyRequest(string Operation, IReadOnlyList<Runtime.ManifestDocument> Documents);

public sealed record ApplyResponse(bool Accepted, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<string> Changes);

public sealed record ContainerView(string Name, string State, string? Reason, int Restarts, bool Ready, int? ExitCode, int? Pid);

public sealed record PodView(
    string Namespace,
    string Name,
    string? Node,
    string Phase,
    bool Ready,
    string? Ip,
    string? Reason,
    string? Message,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ContainerView> Containers,
    IReadOnlyDictionary<string, string> Labels)
{
    public int Restarts => Containers.Sum(c => c.Restarts);

    public string ReadyCount => $"{Containers.Count(c => c.Ready)}/{Containers.Count}";
}

public sealed record NodeView(string Name, string Netns, string UnderlayAddress, string PodCidr, int Pods, string Status);

public sealed record ClusterView(string Name, string Routing, DateTimeOffset CreatedAt, IReadOnlyList<NodeView> Nodes, IReadOnlyList<PodView> Pods)
{
    /// <summary>The cluster-wide policy mode: <c>enforce</c> or <c>audit</c>.</summary>
    public string PolicyMode { get; init; } = "enforce";
}

/// <summary>The newest snapshot revision and the revision each node agent's datapaths hold.</summary>
public sealed record SyncView(long Revision, IReadOnlyDictionary<string, long> Nodes);

/// <summary>Sets the cluster-wide policy mode: <c>audit</c> or <c>enforce</c>.</summary>
public sealed record PolicyModeRequest(string Mode);

/// <summary>
/// The cluster-wide policy mode after a request; <paramref name="Changed"/> is false when it already was so.
/// <paramref name="UnsyncedNodes"/> are the nodes whose datapath did not yet hold the mode when the answer was sent.
/// </summary>
public sealed record PolicyModeResponse(string Mode, bool Changed, IReadOnlyList<string> Errors, IReadOnlyList<string> UnsyncedNodes);
