namespace Weft.Datapath.Linux.Abstractions.Operations;

public sealed record DeleteRoute(RouteSpec Route) : NetlinkOperation;
