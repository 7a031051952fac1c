namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>Adds a route; with <see cref="Replace"/> an existing route to the same destination is replaced.</summary>
public sealed record AddRoute(RouteSpec Route, bool Replace = false) : NetlinkOperation;
