namespace Weft.Flows.Store;

/// <summary>Flows answering a query, the node's lost-flow count at that moment, and where a follow continues.</summary>
public sealed record FlowQueryResult(IReadOnlyList<FlowRecord> Flows, long LostFlows, long Cursor);
