using System.Net;
using Weft.Api.Net;

namespace Weft.Datapath.Linux.Abstractions;

public sealed record RouteInfo(IpPrefix Destination, IPAddress? Gateway, string? Device);
