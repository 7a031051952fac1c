using System.Net;

namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>A permanent neighbour (ARP/NDP) entry, replacing any existing one for the address.</summary>
public sealed record AddNeighbor(string Device, IPAddress Address, string Mac) : NetlinkOperation;
