using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Policy;

/// <summary>
/// Keeps one node's <c>inet weft-policy</c> table equal to its latest plan: one atomic transaction per sync, a full
/// resync on the first sync and after any failure, otherwise an incremental one that changes only map elements and
/// log chains. Established connections survive every update: their packets are accepted by conntrack before any
/// lookup, and the atomic commit means no packet ever sees a half-built table. Not thread-safe: one loop owns it.
/// </summary>
public sealed class PolicyDatapathSyncer(INftables nftables, NftTable? table = null, int logGroup = PolicyRulesetBuilder.DefaultLogGroup)
{
    private readonly NftTable table = table ?? PolicyRulesetBuilder.Table;
    private NftRuleset? applied;
    private bool needsFullResync = true;

    /// <summary>The plan the kernel holds, as far as this syncer knows.</summary>
    public NodePolicyPlan? AppliedPlan { get; private set; }

    public void RequestFullResync() => needsFullResync = true;

    /// <summary>Detects a vanished table (flushed ruleset, recreated namespace) and schedules a full resync.</summary>
    public async Task<bool> CheckTableAsync(CancellationToken cancellationToken)
    {
        if (applied is null)
        {
            return true;
        }

        var present = await nftables.ListTableAsync(table, cancellationToken) is not null;
        needsFullResync |= !present;
        return present;
    }

    public async Task<PolicySyncResult> SyncAsync(NodePolicyPlan plan, CancellationToken cancellationToken)
    {
        var next = PolicyRulesetBuilder.Build(plan, AppliedPlan is { } last && applied is not null ? (last, applied) : null, table, logGroup);
        var transaction = needsFullResync || applied is null ? NftTransactionPlanner.Full(next) : NftTransactionPlanner.Incremental(applied, next);
        if (transaction.IsEmpty)
        {
            AppliedPlan = plan;
            return new PolicySyncResult(true, false, false, 0, null);
        }

        var result = await nftables.ApplyAsync(transaction, cancellationToken);
        if (!result.Success)
        {
            needsFullResync = true;
            return new PolicySyncResult(false, false, transaction.IsFullResync, transaction.Operations.Length, result.Error);
        }

        applied = next;
        AppliedPlan = plan;
        needsFullResync = false;
        return new PolicySyncResult(true, true, transaction.IsFullResync, transaction.Operations.Length, null);
    }
}
