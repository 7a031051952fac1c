using System.Net;

namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>A kernel VXLAN device (RFC 7348); destination port 4789 unless given.</summary>
public sealed record AddVxlan(string Name, int Vni) : NetlinkOperation
{
    public IPAddress? Local { get; init; }

    public string? Device { get; init; }

    public int Port { get; init; } = 4789;

    public bool Learning { get; init; } = true;

    public int? Mtu { get; init; }
}
