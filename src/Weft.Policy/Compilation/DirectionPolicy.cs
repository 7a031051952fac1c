namespace Weft.Policy.Compilation;

/// <summary>
/// What decides one direction (ingress or egress) for every pod of one identity: the ANPs selecting it in
/// priority order, the NetworkPolicies selecting it (isolation) with their rules flattened, and the BANP
/// when it selects the identity. Identities with the same selecting policies share one instance.
/// </summary>
internal sealed class DirectionPolicy(CompiledPolicy[] adminPolicies, ulong[] adminMask, CompiledPolicy[] networkPolicies, CompiledRule[] networkPolicyRules, CompiledPolicy? baseline)
{
    /// <summary>Rule lists longer than this get a <see cref="NetworkPolicyRuleIndex"/>.</summary>
    public const int IndexThreshold = 8;

    public CompiledPolicy[] AdminPolicies { get; } = adminPolicies;

    /// <summary>The bits of <see cref="AdminPolicies"/>' rules in the direction's <see cref="AdminRuleIndex"/>.</summary>
    public ulong[] AdminMask { get; } = adminMask;

    /// <summary>NetworkPolicies that select the identity and apply in this direction, ordered by key.</summary>
    public CompiledPolicy[] NetworkPolicies { get; } = networkPolicies;

    /// <summary>The rules of <see cref="NetworkPolicies"/> for this direction, in policy then rule order.</summary>
    public CompiledRule[] NetworkPolicyRules { get; } = networkPolicyRules;

    /// <summary>
    /// Candidate lookup for long rule lists (many policies selecting one identity); short lists are walked, which
    /// is faster than any index and allocates nothing (the matrix's hot path).
    /// </summary>
    public NetworkPolicyRuleIndex? NetworkPolicyIndex { get; } = networkPolicyRules.Length > IndexThreshold ? new NetworkPolicyRuleIndex(networkPolicyRules) : null;

    public CompiledPolicy? Baseline { get; } = baseline;

    /// <summary>A pod is isolated in a direction iff some NetworkPolicy selecting it applies in that direction.</summary>
    public bool Isolated => NetworkPolicies.Length > 0;
}
