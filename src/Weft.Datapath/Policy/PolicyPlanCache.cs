namespace Weft.Datapath.Policy;

/// <summary>
/// What <see cref="NodePolicyPlanner"/> decided in the previous plan of one node, reused by the next: per local pod
/// class and direction, the policies that decided it (by instance) and the decision of every peer class (by key).
/// A direction is recomputed only when its deciding policies changed; otherwise only new peer classes are asked
/// of the engine. Owned by one caller (a node's datapath), never shared between threads.
/// </summary>
public sealed class PolicyPlanCache
{
    internal Dictionary<(string LocalKey, bool Ingress), DirectionCache> Directions { get; set; } = [];

    internal sealed class DirectionCache(object[] fingerprint, PolicyDecision @default)
    {
        public object[] Fingerprint { get; } = fingerprint;

        public PolicyDecision Default { get; } = @default;

        /// <summary>Peer class key → the entries differing from <see cref="Default"/> (empty: the default decides).</summary>
        public Dictionary<string, System.Collections.Immutable.ImmutableArray<PolicyEntry>> Peers { get; } = new(StringComparer.Ordinal);

        public Dictionary<uint, PolicyRuleDescriptor> Rules { get; } = [];

        public bool SameFingerprint(object[] other) =>
            Fingerprint.Length == other.Length && Fingerprint.Zip(other).All(p => ReferenceEquals(p.First, p.Second));
    }
}
