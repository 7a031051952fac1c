namespace Weft.Policy.Evaluation;

/// <summary>
/// The outcome of one direction at one pod without the explanation text of <see cref="DirectionVerdict"/>: whether
/// it is allowed, the deciding tier and rule (<see cref="Policy"/> null when no rule matched) and the first
/// NetworkPolicy that isolates the pod in this direction (null when none does). For callers that evaluate many
/// cells and only need the verdict and the rule's identity (the policy datapath's planner).
/// </summary>
public readonly record struct DirectionDecision(
    bool Allowed,
    PolicyTier DecidedBy,
    bool Isolated,
    string? Policy,
    int? RuleIndex,
    string? RuleName,
    string? Action,
    string? IsolatingPolicy);
