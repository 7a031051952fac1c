using System.Collections.Immutable;

namespace Weft.Mesh.Sidecar;

/// <summary>
/// What the transparent redirect in a meshed pod's network namespace must do: inbound TCP to the proxy's inbound
/// port, the application's outbound TCP to the proxy's outbound port, except the proxy's own traffic (by socket
/// mark or uid), the admin port and the ports the pod asks to skip.
/// </summary>
public sealed record RedirectPlan
{
    public int InboundPort { get; init; } = 4143;

    public int OutboundPort { get; init; } = 4140;

    public int AdminPort { get; init; } = 4191;

    /// <summary>Socket mark the proxy sets on its own upstream sockets (SO_MARK); 0 = not used.</summary>
    public uint ProxyMark { get; init; } = 0x4d5754; // "MWT"

    /// <summary>UID the proxy runs as, when it has its own; null = not used.</summary>
    public int? ProxyUid { get; init; }

    public ImmutableArray<int> SkipInboundPorts { get; init; } = [];

    public ImmutableArray<int> SkipOutboundPorts { get; init; } = [];
}
