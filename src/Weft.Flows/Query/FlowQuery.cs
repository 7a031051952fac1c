namespace Weft.Flows.Query;

/// <summary>
/// A <c>weft observe</c> request: the filter, how many past flows to return (<see cref="Last"/>, null for all
/// retained ones) and whether to keep streaming new flows afterwards.
/// </summary>
public sealed record FlowQuery
{
    public FlowFilter Filter { get; init; } = FlowFilter.All;

    public int? Last { get; init; }

    public bool Follow { get; init; }
}
