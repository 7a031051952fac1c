using Weft.Flows;

namespace Weft.Local.Daemon;

/// <summary>One line of the flow API's answer: a flow, or a lost-flows notice of <paramref name="Node"/>.</summary>
public sealed record FlowWireItem(FlowRecord? Flow, string? Node, long Lost);
