using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;
using Weft.Datapath.Ports;

namespace Weft.Agent.Datapaths;

/// <summary>
/// The node's policy datapath (docs/policy-datapath.md): plans the snapshot's policy for the pods this node hosts
/// (their host veths come with the snapshot) and keeps the <c>inet weft-policy</c> table equal to it. A pod whose
/// veth is unknown is left out (nothing to attach to yet); a snapshot without policy input changes nothing.
/// </summary>
public sealed class PolicyDatapath(string nodeName, INftables nftables, NftTable? table = null) : INodeDatapath
{
    private readonly PolicyDatapathSyncer syncer = new(nftables, table);
    private readonly PolicyPlanCache cache = new();

    public string Name => "policy";

    public NodePolicyPlan? AppliedPlan => syncer.AppliedPlan;

    public async Task<NodeDatapathResult> SyncAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (Plan(snapshot) is not { } plan)
        {
            return NodeDatapathResult.Unchanged;
        }

        PolicySyncResult result;
        try
        {
            result = await syncer.SyncAsync(plan, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // nft could not be run at all (missing binary, timeout): nothing is known about the table any more.
            syncer.RequestFullResync();
            return new NodeDatapathResult(false, false, e.Message);
        }

        return !result.Applied ? new NodeDatapathResult(false, false, result.Error)
            : result.Changed ? new NodeDatapathResult(true, true) : NodeDatapathResult.Unchanged;
    }

    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await syncer.CheckTableAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            syncer.RequestFullResync();
            return false;
        }
    }

    internal NodePolicyPlan? Plan(ClusterSnapshot snapshot)
    {
        if (snapshot.Policy is not { } models)
        {
            return null;
        }

        var local = models.All.Pods
            .Where(p => p.Spec.NodeName == nodeName && !p.PodIPs.IsDefaultOrEmpty && snapshot.HostInterfaces.ContainsKey(p.Key))
            .Select(p => new LocalPod(p.Key, p.PodIPs[0], snapshot.HostInterfaces[p.Key]));
        return NodePolicyPlanner.Plan(models, local, cache);
    }
}
