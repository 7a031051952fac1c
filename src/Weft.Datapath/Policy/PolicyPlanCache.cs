using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// What <see cref="NodePolicyPlanner"/> decided in the previous plan of one node, reused by the next: per local pod
/// class and direction, the policies that decided it (by instance) and the decision of every peer class (by key).
/// A direction is recomputed only when its deciding policies changed; otherwise only new peer classes are asked
/// of the engine. Owned by one caller (a node's datapath), never shared between threads.
/// </summary>
public sealed class PolicyPlanCache
{
    private ImmutableArray<PeerClass> classes = [];
    private object classesVersion = new();

    internal Dictionary<(string LocalKey, bool Ingress), DirectionCache> Directions { get; set; } = [];

    internal PeerClassTableCache ClassTable { get; } = new();

    /// <summary>
    /// An object standing for the peer classes (ids and keys, in order): the previous plan's when they are equal,
    /// so a direction planned against it can be reused whole, without walking the classes.
    /// </summary>
    internal object ClassesVersionOf(ImmutableArray<PeerClass> current)
    {
        if (!current.AsSpan().SequenceEqual(classes.AsSpan(), SameClass.Instance))
        {
            classes = current;
            classesVersion = new object();
        }

        return classesVersion;
    }

    internal sealed class DirectionCache(object[] fingerprint, PolicyDecision @default, object classesVersion)
    {
        public object[] Fingerprint { get; } = fingerprint;

        public PolicyDecision Default { get; } = @default;

        /// <summary>The peer classes this direction was walked against (<see cref="ClassesVersionOf"/>).</summary>
        public object ClassesVersion { get; } = classesVersion;

        /// <summary>Peer class id → profile id, as handed to the plan.</summary>
        public ImmutableSortedDictionary<uint, uint> Profiles { get; set; } = ImmutableSortedDictionary<uint, uint>.Empty;

        /// <summary>The profiles <see cref="Profiles"/> names, with their canonical keys.</summary>
        public Dictionary<uint, (string Key, PolicyProfile Profile)> ProfileContents { get; } = [];

        /// <summary>Peer class key → the entries differing from <see cref="Default"/> (empty: the default decides).</summary>
        public Dictionary<string, ImmutableArray<PolicyEntry>> Peers { get; } = new(StringComparer.Ordinal);

        public Dictionary<uint, PolicyRuleDescriptor> Rules { get; } = [];

        public bool SameFingerprint(object[] other) =>
            Fingerprint.Length == other.Length && Fingerprint.Zip(other).All(p => ReferenceEquals(p.First, p.Second));
    }

    private sealed class SameClass : IEqualityComparer<PeerClass>
    {
        public static SameClass Instance { get; } = new();

        public bool Equals(PeerClass? x, PeerClass? y) => x!.Id == y!.Id && string.Equals(x.Key, y.Key, StringComparison.Ordinal);

        public int GetHashCode(PeerClass obj) => (int)obj.Id;
    }
}
