namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>Deletes a link (for a veth, both ends).</summary>
public sealed record DeleteLink(string Name) : NetlinkOperation;
