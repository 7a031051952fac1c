namespace Weft.Agent.Flows;

/// <summary>How a node's flow collector records: ring size and the NFLOG group the policy datapath logs to.</summary>
public sealed record FlowCollectorOptions
{
    /// <summary>The NFLOG group of drop and audit verdicts (the policy datapath's <c>log group</c>; docs/flows.md).</summary>
    public const ushort DefaultNflogGroup = 100;

    public const int DefaultCapacity = 16_384;

    /// <summary>Flows kept per node; older ones are overwritten and counted as lost.</summary>
    public int Capacity { get; init; } = DefaultCapacity;

    public ushort NflogGroup { get; init; } = DefaultNflogGroup;

    /// <summary>
    /// Keep only flows with a pod on at least one side. Node-to-node traffic (the VXLAN underlay, the node's own
    /// sockets) is tracked in the node namespace too, but it is not pod traffic and would crowd the ring.
    /// </summary>
    public bool PodFlowsOnly { get; init; } = true;
}
