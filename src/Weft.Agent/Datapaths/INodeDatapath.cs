namespace Weft.Agent.Datapaths;

/// <summary>
/// One part of a node's datapath that a <see cref="NodeAgent"/> keeps in step with the cluster snapshot
/// (services now; the policy datapath plugs in the same way). The agent calls it from one loop only, never
/// concurrently, with the newest snapshot; a failed sync is retried with that snapshot or a newer one.
/// </summary>
public interface INodeDatapath
{
    /// <summary>Short name for logs (<c>services</c>, <c>policy</c>).</summary>
    string Name { get; }

    Task<NodeDatapathResult> SyncAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that the kernel still holds what the last sync put there (a flushed ruleset, a recreated namespace);
    /// false makes the next sync a full resync, which the agent then runs with the snapshot it has.
    /// </summary>
    Task<bool> CheckAsync(CancellationToken cancellationToken);
}
