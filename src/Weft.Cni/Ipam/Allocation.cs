using System.Net;

namespace Weft.Cni.Ipam;

/// <summary>A reserved address and its owner, as stored in one file.</summary>
public sealed record Allocation(IPAddress Address, AttachmentKey Owner);
