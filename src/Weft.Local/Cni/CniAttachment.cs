namespace Weft.Local.Cni;

/// <summary>One attachment of a container to a network, as a CNI runtime identifies it.</summary>
public sealed record CniAttachment(string ContainerId, string NetnsPath, string IfName, string? Args = null);
