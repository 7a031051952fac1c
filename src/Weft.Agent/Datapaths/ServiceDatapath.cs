using System.Net;
using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;
using Weft.Datapath.Services;

namespace Weft.Agent.Datapaths;

/// <summary>
/// The service datapath of one node: the snapshot's service model planned for this node and synced into the
/// node's nftables table by <see cref="ServiceDatapathSyncer"/> (one transaction per sync; a full resync after a
/// failure). The cluster DNS address is left out of the plan: DNS is served on the node itself (like
/// NodeLocal DNSCache), so a Service claiming that address must not DNAT it away.
/// </summary>
public sealed class ServiceDatapath(string nodeName, INftables nftables, IConntrack conntrack, IPAddress? nodeLocalAddress = null, NftTable? table = null)
    : INodeDatapath
{
    private readonly ServiceDatapathSyncer syncer = new(nftables, conntrack, table);

    public string Name => "services";

    /// <summary>The plan the kernel holds, as far as this datapath knows.</summary>
    public NodeServicePlan? AppliedPlan => syncer.AppliedPlan;

    public async Task<NodeDatapathResult> SyncAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        var plan = Plan(snapshot);
        ServiceSyncResult result;
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

        return result.Outcome switch
        {
            ServiceSyncOutcome.Failed => new NodeDatapathResult(false, false, result.Error),
            ServiceSyncOutcome.Applied => new NodeDatapathResult(true, true),
            _ => NodeDatapathResult.Unchanged,
        };
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

    /// <summary>Forces the next sync to recreate the table.</summary>
    public void RequestFullResync() => syncer.RequestFullResync();

    internal NodeServicePlan Plan(ClusterSnapshot snapshot)
    {
        var plan = NodeServicePlanner.Plan(snapshot.Services, nodeName);
        return nodeLocalAddress is null
            ? plan
            : plan with { Ports = [.. plan.Ports.Where(p => !p.ClusterIP.Equals(nodeLocalAddress))] };
    }
}
