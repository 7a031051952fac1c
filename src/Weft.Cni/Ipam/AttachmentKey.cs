namespace Weft.Cni.Ipam;

/// <summary>What an allocation belongs to: one interface of one container (CNI's attachment identity).</summary>
public sealed record AttachmentKey(string ContainerId, string IfName);
