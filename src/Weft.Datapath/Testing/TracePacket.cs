using System.Net;
using Weft.Api.Resources;

namespace Weft.Datapath.Testing;

/// <summary>
/// The first packet of a connection as the node sees it: arriving from a pod or the underlay (prerouting), or
/// sent by a process of the node itself (<see cref="FromLocalProcess"/>, output).
/// </summary>
public sealed record TracePacket(IPAddress Source, IPAddress Destination, Protocol Protocol, int Port, bool FromLocalProcess = false)
{
    /// <summary>The interface the packet arrived on (<c>iifname</c>), e.g. the source pod's host veth.</summary>
    public string? InInterface { get; init; }

    /// <summary>The interface the route sends it out of (<c>oifname</c>), e.g. the destination pod's host veth.</summary>
    public string? OutInterface { get; init; }

    /// <summary>A packet of a connection conntrack already knows (<c>ct state established</c>), not a first packet.</summary>
    public bool Established { get; init; }

    public static TracePacket Tcp(string source, string destination, int port) =>
        new(IPAddress.Parse(source), IPAddress.Parse(destination), Protocol.Tcp, port);

    public static TracePacket Udp(string source, string destination, int port) =>
        new(IPAddress.Parse(source), IPAddress.Parse(destination), Protocol.Udp, port);
}
