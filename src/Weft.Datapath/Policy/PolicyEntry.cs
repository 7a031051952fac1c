using Weft.Api.Resources;

namespace Weft.Datapath.Policy;

/// <summary>One element of a pod's verdict map: peer addresses × protocol × destination ports → decision.</summary>
public sealed record PolicyEntry(AddressRange Peer, Protocol Protocol, PortRange Ports, PolicyDecision Decision);
