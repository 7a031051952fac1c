using Weft.Api.Resources;

namespace Weft.Policy.Evaluation;

/// <summary>
/// Whether a connection is allowed, with its explanation. A connection needs egress allowed at the source
/// and ingress allowed at the destination; an external address has no policies of its own, so only the pod
/// side is checked (the other direction is null).
/// </summary>
public sealed record Verdict(
    string From,
    string To,
    Protocol Protocol,
    int Port,
    bool Allowed,
    DirectionVerdict? Egress,
    DirectionVerdict? Ingress,
    long Revision);
