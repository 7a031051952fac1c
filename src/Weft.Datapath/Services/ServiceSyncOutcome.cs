namespace Weft.Datapath.Services;

public enum ServiceSyncOutcome
{
    /// <summary>The kernel already holds the plan; no transaction was sent.</summary>
    Unchanged,

    Applied,

    /// <summary>The kernel refused the transaction; nothing changed and the next sync is a full resync.</summary>
    Failed,
}
