namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>
/// One change to links, addresses, routes or neighbours in a namespace. A list of operations is applied in
/// order as one batch (one tool run, or later one netlink socket), stopping at the first failure.
/// </summary>
public abstract record NetlinkOperation;
