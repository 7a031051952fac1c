using System.Collections.Concurrent;
using System.Net.Sockets;
using Weft.Api.Net;
using Weft.Api.Resources;

namespace Weft.Policy.Compilation;

/// <summary>
/// The NetworkPolicy rules of one <see cref="DirectionPolicy"/>, indexed by what their peers can match, so that
/// "the first rule, in order, that matches this peer and port" looks only at candidate rules instead of walking
/// all of them: rules without a peer list (match every peer), rules with an identity peer containing the peer's
/// identity (computed once per identity), and rules with a CIDR peer containing one of the peer's addresses (one
/// hash lookup per distinct prefix length). Each candidate is then checked in full (<see cref="CompiledRule.Matches"/>,
/// excepts and ports included) in rule order, so the first match is the linear walk's first match. Many ipBlock
/// policies selecting one pod would otherwise cost rules × peers (the policy datapath asks for every peer class).
/// </summary>
internal sealed class NetworkPolicyRuleIndex
{
    [ThreadStatic]
    private static List<int>? scratch;

    private readonly CompiledRule[] rules;
    private readonly int[] matchAll;
    private readonly int[] identityRules;
    private readonly ConcurrentDictionary<int, int[]> byIdentity = new();
    private readonly Dictionary<(AddressFamily Family, int Length, UInt128 Bits), int[]> byCidr;
    private readonly (AddressFamily Family, int Length)[] cidrLengths;
    private readonly Func<int, int[]> forIdentity;

    public NetworkPolicyRuleIndex(CompiledRule[] rules)
    {
        this.rules = rules;
        forIdentity = ForIdentity;
        var all = new List<int>();
        var identity = new List<int>();
        var cidr = new Dictionary<(AddressFamily, int, UInt128), List<int>>();
        for (var r = 0; r < rules.Length; r++)
        {
            if (rules[r].Peers is not { } peers)
            {
                all.Add(r);
                continue;
            }

            foreach (var peer in peers)
            {
                if (peer.Cidr is { } prefix)
                {
                    var key = (prefix.Family, prefix.Length, prefix.Bits);
                    if (!cidr.TryGetValue(key, out var list))
                    {
                        cidr[key] = list = [];
                    }

                    if (list.Count == 0 || list[^1] != r)
                    {
                        list.Add(r);
                    }
                }
                else if (identity.Count == 0 || identity[^1] != r)
                {
                    identity.Add(r);
                }
            }
        }

        matchAll = [.. all];
        identityRules = [.. identity];
        byCidr = cidr.ToDictionary(e => e.Key, e => e.Value.ToArray());
        cidrLengths = [.. cidr.Keys.Select(k => (k.Item1, k.Item2)).Distinct().OrderBy(k => k.Item1).ThenBy(k => k.Item2)];
    }

    /// <summary>The index of the first rule matching, or -1; the outs as in <see cref="CompiledRule.Matches"/>.</summary>
    public int FirstMatch(in PeerEndpoint peer, CompiledPod? destination, Protocol protocol, int port, out int peerIndex, out int portIndex)
    {
        // One scratch list per thread: verdicts are asked concurrently (the matrix) and should not allocate.
        var candidates = scratch ??= [];
        candidates.Clear();
        candidates.AddRange(matchAll);
        if (peer.IdentityId >= 0 && identityRules.Length > 0)
        {
            candidates.AddRange(byIdentity.GetOrAdd(peer.IdentityId, forIdentity));
        }

        foreach (var address in peer.Addresses)
        {
            foreach (var (family, length) in cidrLengths)
            {
                if (family != address.Family || length > address.Length)
                {
                    continue;
                }

                var max = family == AddressFamily.InterNetwork ? 32 : 128;
                var hostBits = max - length >= 128 ? UInt128.MaxValue : (UInt128.One << (max - length)) - 1;
                if (byCidr.TryGetValue((family, length, address.Bits & ~hostBits), out var found))
                {
                    candidates.AddRange(found);
                }
            }
        }

        candidates.Sort();
        var previous = -1;
        foreach (var r in candidates)
        {
            if (r != previous && rules[r].Matches(peer, destination, protocol, port, out peerIndex, out portIndex))
            {
                return r;
            }

            previous = r;
        }

        peerIndex = -1;
        portIndex = -1;
        return -1;
    }

    private int[] ForIdentity(int id) =>
        [.. identityRules.Where(r => rules[r].Peers!.Any(p => p.Identities is { } set && set.Contains(id)))];
}
