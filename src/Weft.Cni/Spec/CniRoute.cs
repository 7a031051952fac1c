using System.Net;
using Weft.Api.Net;

namespace Weft.Cni.Spec;

public sealed record CniRoute(IpPrefix Destination, IPAddress? Gateway = null);
