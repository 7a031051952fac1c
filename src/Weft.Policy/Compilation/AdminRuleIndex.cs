using System.Numerics;
using Weft.Api.Resources;

namespace Weft.Policy.Compilation;

/// <summary>
/// The ANP rules of one direction, compiled into bitsets so that "the first rule, in priority order, that
/// matches this peer and port" is a handful of word ANDs instead of a walk over rules. Every ANP rule of the
/// direction gets a bit, numbered in evaluation order (ANP priority, name, rule index). For a verdict:
/// <c>first set bit of (peer bits ∧ port bits ∧ subject mask)</c>, where
/// <list type="bullet">
/// <item>peer bits: rules with a namespaces/pods peer selecting the peer's identity (precomputed per identity),
/// or a networks peer containing one of its addresses (precomputed per pod; computed for external addresses);</item>
/// <item>port bits: rules whose numeric ports cover the port (precomputed per protocol and port interval), or whose
/// named port the destination pod exposes with this port and protocol (precomputed per name);</item>
/// <item>subject mask: rules of the ANPs that select the subject pod (precomputed per <see cref="DirectionPolicy"/>).</item>
/// </list>
/// </summary>
internal sealed class AdminRuleIndex
{
    private static readonly Protocol[] AllProtocols = [Protocol.Tcp, Protocol.Udp, Protocol.Sctp];

    private readonly ulong[] peerBitsByIdentity;
    private readonly ulong[]? cidrBitsByPod;
    private readonly (PeerMatcher Matcher, int Rule)[] cidrPeers;
    private readonly Dictionary<Protocol, (int[] Boundaries, ulong[] Bits)> portIntervals = [];
    private readonly Dictionary<string, ulong[]> namedPortBits = new(StringComparer.Ordinal);

    public AdminRuleIndex(CompiledPolicy[] adminPolicies, bool ingress, int identityCount, CompiledPod[] pods)
    {
        Rules = [.. adminPolicies.SelectMany(p => p.Rules(ingress))];
        Words = Math.Max(1, (Rules.Length + 63) / 64);
        RuleOffsets = new int[adminPolicies.Length];
        var offset = 0;
        foreach (var policy in adminPolicies)
        {
            RuleOffsets[policy.Index] = offset;
            offset += policy.Rules(ingress).Length;
        }

        peerBitsByIdentity = new ulong[identityCount * Words];
        var cidr = new List<(PeerMatcher, int)>();
        for (var r = 0; r < Rules.Length; r++)
        {
            foreach (var peer in Rules[r].Peers ?? [])
            {
                if (peer.Identities is { } identities)
                {
                    foreach (var id in identities.Ids)
                    {
                        peerBitsByIdentity[(id * Words) + (r >> 6)] |= 1UL << (r & 63);
                    }
                }
                else
                {
                    cidr.Add((peer, r));
                }
            }
        }

        cidrPeers = [.. cidr];
        if (cidrPeers.Length > 0)
        {
            cidrBitsByPod = new ulong[pods.Length * Words];
            foreach (var pod in pods)
            {
                var endpoint = new PeerEndpoint(pod.IdentityId, pod.Addresses);
                foreach (var (matcher, rule) in cidrPeers)
                {
                    if (pod.Addresses.Length > 0 && matcher.Matches(endpoint))
                    {
                        cidrBitsByPod[(pod.Index * Words) + (rule >> 6)] |= 1UL << (rule & 63);
                    }
                }
            }
        }

        BuildPortIndex();
    }

    /// <summary>All ANP rules of this direction in evaluation order; bit i is <c>Rules[i]</c>.</summary>
    public CompiledRule[] Rules { get; }

    public int Words { get; }

    /// <summary>The bit of rule 0 of each ANP (by compiled index).</summary>
    public int[] RuleOffsets { get; }

    /// <summary>The subject mask for a set of ANPs: the bits of all their rules.</summary>
    public ulong[] MaskFor(IEnumerable<CompiledPolicy> policies, bool ingress)
    {
        var mask = new ulong[Words];
        foreach (var policy in policies)
        {
            var start = RuleOffsets[policy.Index];
            for (var r = 0; r < policy.Rules(ingress).Length; r++)
            {
                var bit = start + r;
                mask[bit >> 6] |= 1UL << (bit & 63);
            }
        }

        return mask;
    }

    /// <summary>The first rule (bit index) under <paramref name="mask"/> that matches, or -1.</summary>
    public int FirstMatch(ulong[] mask, in PeerEndpoint peer, int peerPodIndex, CompiledPod? destination, Protocol protocol, int port)
    {
        if (Rules.Length == 0)
        {
            return -1;
        }

        var (boundaries, intervalBits) = portIntervals[protocol];
        var interval = IntervalOf(boundaries, port);
        // Named ports: the rules naming a port that the destination exposes as exactly this port and protocol.
        // A pod rarely gives one port two names; when it does, their rule bits are merged.
        ulong[]? named = null;
        ulong[]? named2 = null;
        if (destination is not null && namedPortBits.Count > 0)
        {
            foreach (var containerPort in destination.NamedPorts)
            {
                if (containerPort.Port == port && containerPort.Protocol == protocol && namedPortBits.TryGetValue(containerPort.Name!, out var bits))
                {
                    if (named is null)
                    {
                        named = bits;
                    }
                    else if (named2 is null)
                    {
                        named2 = bits;
                    }
                    else
                    {
                        named2 = [.. named2.Zip(bits, (a, b) => a | b)];
                    }
                }
            }
        }

        for (var w = 0; w < Words; w++)
        {
            var peerWord = peer.IdentityId >= 0 ? peerBitsByIdentity[(peer.IdentityId * Words) + w] : 0UL;
            if (cidrPeers.Length > 0)
            {
                peerWord |= peerPodIndex >= 0 ? cidrBitsByPod![(peerPodIndex * Words) + w] : ExternalCidrWord(peer, w);
            }

            var portWord = intervalBits[(interval * Words) + w] | (named?[w] ?? 0UL) | (named2?[w] ?? 0UL);
            var match = peerWord & portWord & mask[w];
            if (match != 0)
            {
                return (w * 64) + BitOperations.TrailingZeroCount(match);
            }
        }

        return -1;
    }

    private ulong ExternalCidrWord(in PeerEndpoint peer, int word)
    {
        var bits = 0UL;
        foreach (var (matcher, rule) in cidrPeers)
        {
            if (rule >> 6 == word && matcher.Matches(peer))
            {
                bits |= 1UL << (rule & 63);
            }
        }

        return bits;
    }

    private static int IntervalOf(int[] boundaries, int port)
    {
        var index = Array.BinarySearch(boundaries, port);
        return index >= 0 ? index : ~index - 1;
    }

    private void BuildPortIndex()
    {
        foreach (var protocol in AllProtocols)
        {
            // Interval boundaries: every range start and every range end + 1, plus port 0 so that every port
            // falls in an interval; within an interval every numeric port matcher answers the same.
            var boundaries = new SortedSet<int> { 0 };
            foreach (var rule in Rules)
            {
                foreach (var matcher in rule.Ports ?? [])
                {
                    if (matcher.Name is null && matcher.Protocol == protocol)
                    {
                        boundaries.Add(matcher.Start);
                        boundaries.Add(matcher.End + 1);
                    }
                }
            }

            var starts = boundaries.ToArray();
            var bits = new ulong[starts.Length * Words];
            for (var r = 0; r < Rules.Length; r++)
            {
                for (var k = 0; k < starts.Length; k++)
                {
                    var covered = Rules[r].Ports is not { } ports
                        || ports.Any(m => m.Name is null && m.Protocol == protocol && starts[k] >= m.Start && starts[k] <= m.End);
                    if (covered)
                    {
                        bits[(k * Words) + (r >> 6)] |= 1UL << (r & 63);
                    }
                }
            }

            portIntervals[protocol] = (starts, bits);
        }

        for (var r = 0; r < Rules.Length; r++)
        {
            foreach (var matcher in Rules[r].Ports ?? [])
            {
                if (matcher.Name is { } name)
                {
                    if (!namedPortBits.TryGetValue(name, out var bits))
                    {
                        namedPortBits[name] = bits = new ulong[Words];
                    }

                    bits[r >> 6] |= 1UL << (r & 63);
                }
            }
        }
    }
}
