using System.Collections.Immutable;

namespace Weft.Local.Topology;

/// <summary>
/// Everything the kernel must hold for a cluster's nodes and underlay, in the order to apply it: the namespaces
/// to create, then per-namespace command batches. Pure data; <see cref="TopologyPlanner"/> makes it and
/// <c>TopologyApplier</c> runs it.
/// </summary>
public sealed record TopologyPlan(ImmutableArray<string> Namespaces, ImmutableArray<NetnsCommands> Steps);
