namespace Weft.Flows.Query;

/// <summary>
/// One item of a flow stream: a flow, or a notice that flows were lost because a node's ring overwrote them
/// before they were read (cilium/hubble#460: losses are reported, never silent).
/// </summary>
public sealed record FlowStreamItem
{
    private FlowStreamItem(FlowRecord? flow, string node, long lost)
    {
        Flow = flow;
        Node = node;
        LostFlows = lost;
    }

    public FlowRecord? Flow { get; }

    public string Node { get; }

    /// <summary>How many flows were overwritten; zero for flow items.</summary>
    public long LostFlows { get; }

    public static FlowStreamItem ForFlow(FlowRecord flow) => new(flow, flow.Node, 0);

    public static FlowStreamItem Lost(string node, long count) => new(null, node, count);
}
