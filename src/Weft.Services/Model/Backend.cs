using System.Net;

namespace Weft.Services.Model;

/// <summary>
/// One backend of one service port, with the EndpointSlice conditions that decide whether the datapath may use it.
/// </summary>
public sealed record Backend
{
    public required IPAddress Address { get; init; }

    public required int Port { get; init; }

    /// <summary>EndpointSlice <c>conditions.ready</c>: serving and not terminating (or publishNotReadyAddresses).</summary>
    public bool Ready { get; init; } = true;

    /// <summary>EndpointSlice <c>conditions.serving</c>: passes readiness, even while terminating.</summary>
    public bool Serving { get; init; } = true;

    public bool Terminating { get; init; }

    public string? NodeName { get; init; }

    /// <summary><c>namespace/name</c> of the pod behind this backend, when there is one.</summary>
    public string? TargetPod { get; init; }

    public override string ToString() => $"{Address}:{Port}";
}
