using System.Net;

namespace Weft.Flows.Enrichment;

/// <summary>A connection tuple as the kernel reports it: addresses, protocol and ports (zero when the protocol has none).</summary>
public sealed record FlowTuple(IPAddress Source, IPAddress Destination, IpProtocol Protocol, int SourcePort, int DestinationPort);
