using Weft.Api.Resources;

namespace Weft.Datapath.Policy;

/// <summary>One element of a profile's port map: protocol × destination ports → decision.</summary>
public sealed record PolicyEntry(Protocol Protocol, PortRange Ports, PolicyDecision Decision);
