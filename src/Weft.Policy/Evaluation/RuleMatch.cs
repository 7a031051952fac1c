using Weft.Api.Manifests;

namespace Weft.Policy.Evaluation;

/// <summary>
/// The rule that decided a direction. Indices are zero-based positions in the manifest's lists:
/// <see cref="RuleIndex"/> in <c>ingress</c>/<c>egress</c>, <see cref="PeerIndex"/> in the rule's
/// <c>from</c>/<c>to</c> (for ANP rules, pod/namespace peers first, then <c>networks</c> CIDRs) and
/// <see cref="PortIndex"/> in <c>ports</c>; -1 when the rule has no such list and so matches all.
/// </summary>
public sealed record RuleMatch(
    PolicyTier Tier,
    string Policy,
    int? Priority,
    int RuleIndex,
    string? RuleName,
    string Action,
    int PeerIndex,
    int PortIndex,
    string Peer,
    string Port,
    SourceLocation? Source);
