using System.Collections.Immutable;
using System.Net;

namespace Weft.Flows;

/// <summary>One side of a flow: a pod with its identity, or a bare address when it is outside the cluster.</summary>
public sealed record FlowEndpoint
{
    public required IPAddress Address { get; init; }

    public int Port { get; init; }

    /// <summary>The pod's namespace; null when the address is not a pod's.</summary>
    public string? Namespace { get; init; }

    public string? PodName { get; init; }

    /// <summary>The node hosting the pod, which tells the recording node whether the pod is local.</summary>
    public string? Node { get; init; }

    /// <summary>The numeric security identity (namespace labels + pod labels) the policy engine assigned.</summary>
    public int? IdentityId { get; init; }

    /// <summary>The pod's labels (the identity's pod part).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public bool IsPod => PodName is not null;

    /// <summary><c>namespace/pod</c> for pods, the address otherwise.</summary>
    public string DisplayName => PodName is null ? Address.ToString() : $"{Namespace}/{PodName}";

    /// <summary>An endpoint that only has an address and port.</summary>
    public static FlowEndpoint FromAddress(IPAddress address, int port) => new() { Address = address, Port = port };
}
