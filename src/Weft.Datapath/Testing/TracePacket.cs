using System.Net;
using Weft.Api.Resources;

namespace Weft.Datapath.Testing;

/// <summary>
/// The first packet of a connection as the node sees it: arriving from a pod or the underlay (prerouting), or
/// sent by a process of the node itself (<see cref="FromLocalProcess"/>, output).
/// </summary>
public sealed record TracePacket(IPAddress Source, IPAddress Destination, Protocol Protocol, int Port, bool FromLocalProcess = false)
{
    public static TracePacket Tcp(string source, string destination, int port) =>
        new(IPAddress.Parse(source), IPAddress.Parse(destination), Protocol.Tcp, port);

    public static TracePacket Udp(string source, string destination, int port) =>
        new(IPAddress.Parse(source), IPAddress.Parse(destination), Protocol.Udp, port);
}
