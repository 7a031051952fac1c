namespace Weft.Flows;

/// <summary>
/// The direction relative to the node that recorded the flow: egress when the source pod lives on this node,
/// ingress when only the destination does (the policy direction that applies there).
/// </summary>
public enum FlowDirection
{
    Unknown,
    Ingress,
    Egress,
}
