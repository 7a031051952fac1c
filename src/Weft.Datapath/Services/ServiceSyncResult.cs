using System.Collections.Immutable;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Services;

/// <summary>What one sync did: the outcome, whether it was a full resync, its size, and the conntrack cleanup.</summary>
public sealed record ServiceSyncResult(
    ServiceSyncOutcome Outcome,
    bool FullResync,
    int Operations,
    string? Error,
    ImmutableArray<ConntrackFlowFilter> ClearedFlows);
