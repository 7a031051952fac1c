using System.Collections.Immutable;
using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Services;

/// <summary>
/// Keeps one node's nftables table equal to its latest service plan: one atomic transaction per sync, a full
/// resync (table recreated) on the first sync and after any failure, otherwise an incremental transaction
/// against what was last applied. After a successful sync it deletes conntrack entries that the change made
/// stale. Not thread-safe: one sync loop owns it.
/// </summary>
public sealed class ServiceDatapathSyncer(INftables nftables, IConntrack conntrack, NftTable? table = null)
{
    private readonly NftTable table = table ?? NftTable.Default;
    private NftRuleset? applied;
    private NodeServicePlan? appliedPlan;
    private bool needsFullResync = true;

    /// <summary>The plan the kernel holds, as far as this syncer knows.</summary>
    public NodeServicePlan? AppliedPlan => appliedPlan;

    /// <summary>Forces the next sync to recreate the table (e.g. on a periodic resync timer).</summary>
    public void RequestFullResync() => needsFullResync = true;

    /// <summary>
    /// Checks that the kernel still holds Weft's table (someone may have flushed the ruleset, or the node namespace
    /// was recreated); if it is gone, the next sync is a full resync. Cheap enough for a periodic timer.
    /// </summary>
    public async Task<bool> CheckTableAsync(CancellationToken cancellationToken)
    {
        if (applied is null)
        {
            return true;
        }

        var present = await nftables.ListTableAsync(table, cancellationToken) is not null;
        if (!present)
        {
            needsFullResync = true;
        }

        return present;
    }

    public async Task<ServiceSyncResult> SyncAsync(NodeServicePlan plan, CancellationToken cancellationToken)
    {
        var next = ServiceRulesetBuilder.Build(plan, table);
        var transaction = needsFullResync || applied is null
            ? NftTransactionPlanner.Full(next)
            : NftTransactionPlanner.Incremental(applied, next);
        if (transaction.IsEmpty)
        {
            appliedPlan = plan;
            return new ServiceSyncResult(ServiceSyncOutcome.Unchanged, false, 0, null, []);
        }

        var result = await nftables.ApplyAsync(transaction, cancellationToken);
        if (!result.Success)
        {
            needsFullResync = true;
            return new ServiceSyncResult(ServiceSyncOutcome.Failed, transaction.IsFullResync, transaction.Operations.Length, result.Error, []);
        }

        var stale = StaleFlows.Between(appliedPlan, plan);
        applied = next;
        appliedPlan = plan;
        needsFullResync = false;

        var cleared = ImmutableArray.CreateBuilder<ConntrackFlowFilter>();
        foreach (var filter in stale)
        {
            // A failed cleanup leaves stale UDP flows but the ruleset is right; it is reported, not retried forever.
            var deletion = await conntrack.DeleteAsync(filter, cancellationToken);
            if (deletion.Success)
            {
                cleared.Add(filter);
            }
        }

        return new ServiceSyncResult(ServiceSyncOutcome.Applied, transaction.IsFullResync, transaction.Operations.Length, null, cleared.ToImmutable());
    }
}
