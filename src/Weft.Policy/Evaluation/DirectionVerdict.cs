using System.Collections.Immutable;

namespace Weft.Policy.Evaluation;

/// <summary>
/// The decision for one direction at one pod (egress at the source, ingress at the destination) and why:
/// whether NetworkPolicy isolates the pod, which policies of each tier select it, the rule that matched
/// (null when none did) and the tier that decided.
/// </summary>
public sealed record DirectionVerdict(
    TrafficDirection Direction,
    string Pod,
    bool Allowed,
    PolicyTier DecidedBy,
    bool Isolated,
    ImmutableArray<string> NetworkPolicies,
    ImmutableArray<string> AdminNetworkPolicies,
    bool BaselineSelects,
    RuleMatch? Match,
    string Reason);
