using System.Net;

namespace Weft.Datapath.Policy;

/// <summary>A pod on this node: <c>namespace/name</c>, its address, and the host side of its routed veth.</summary>
public sealed record LocalPod(string Key, IPAddress Address, string HostInterface);
