using System.Collections.Immutable;
using System.Net;
using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Testing;

/// <summary>
/// Evaluates a connection's first packet against an <see cref="InMemoryNftables"/> state through the netfilter
/// hooks Weft uses (nat prerouting/output → filter forward/input/output → nat postrouting), exploring every branch
/// of a random choice. Tests assert on the set of outcomes — "this client reaches these backends, masqueraded" —
/// instead of on rule text, as kube-proxy's helpers_test.go does.
/// </summary>
public sealed class NftPacketTracer(InMemoryNftables nftables, IEnumerable<IPAddress> localAddresses)
{
    private readonly HashSet<IPAddress> local = [.. localAddresses];

    public ImmutableArray<TraceOutcome> Trace(TracePacket packet)
    {
        var state = nftables.Snapshot();
        if (state is null)
        {
            return [new TraceOutcome(TraceVerdict.Accept, null, false, [], [])];
        }

        var start = new PacketState(packet.Source, packet.Destination, packet.Protocol, packet.Port, 0, null, false, [])
        {
            InInterface = packet.InInterface,
            OutInterface = packet.OutInterface,
            Established = packet.Established,
        };
        var outcomes = new List<TraceOutcome>();
        var filterFirst = packet.FromLocalProcess ? Hook(state, "filter", "output") : [];
        foreach (var (afterOutputFilter, verdict0) in RunHooks(state, filterFirst, start))
        {
            if (verdict0 != TraceVerdict.Accept)
            {
                outcomes.Add(new TraceOutcome(verdict0, null, false, [], afterOutputFilter.Logs));
                continue;
            }

            var natHook = Hook(state, "nat", packet.FromLocalProcess ? "output" : "prerouting");
            foreach (var (afterNat, verdict1) in RunHooks(state, natHook, afterOutputFilter))
            {
                if (verdict1 != TraceVerdict.Accept)
                {
                    outcomes.Add(Outcome(verdict1, afterNat));
                    continue;
                }

                var toLocal = local.Contains(afterNat.Destination) || IPAddress.IsLoopback(afterNat.Destination);
                var filter = Hook(state, "filter", toLocal ? "input" : packet.FromLocalProcess ? "none" : "forward");
                foreach (var (afterFilter, verdict2) in RunHooks(state, filter, afterNat))
                {
                    if (verdict2 != TraceVerdict.Accept || toLocal)
                    {
                        outcomes.Add(Outcome(verdict2, afterFilter));
                        continue;
                    }

                    foreach (var (final, verdict3) in RunHooks(state, Hook(state, "nat", "postrouting"), afterFilter))
                    {
                        outcomes.Add(Outcome(verdict3, final));
                    }
                }
            }
        }

        return [.. outcomes.Distinct(OutcomeComparer.Instance)];
    }

    private static TraceOutcome Outcome(TraceVerdict verdict, PacketState state) =>
        new(verdict, verdict == TraceVerdict.Accept ? state.DnatTo : null, verdict == TraceVerdict.Accept && state.Masqueraded, state.AffinityUpdates, state.Logs);

    private static List<string> Hook(InMemoryNftables.State state, string type, string hook) =>
        [.. state.Chains.Where(c => c.Value.Hook is { } h && h.Type == type && h.Hook == hook).OrderBy(c => c.Value.Hook!.Priority).Select(c => c.Key)];

    /// <summary>Runs the base chains of one hook in priority order; a drop or reject ends the packet.</summary>
    private List<(PacketState State, TraceVerdict Verdict)> RunHooks(InMemoryNftables.State state, List<string> chains, PacketState packet)
    {
        var current = new List<(PacketState, TraceVerdict)> { (packet, TraceVerdict.Accept) };
        foreach (var chain in chains)
        {
            var next = new List<(PacketState, TraceVerdict)>();
            foreach (var (p, verdict) in current)
            {
                if (verdict != TraceVerdict.Accept)
                {
                    next.Add((p, verdict));
                    continue;
                }

                foreach (var (after, result) in RunChain(state, chain, p, 0))
                {
                    next.Add((after, result switch
                    {
                        ChainResult.Drop => TraceVerdict.Drop,
                        ChainResult.Reject => TraceVerdict.Reject,
                        _ => TraceVerdict.Accept,
                    }));
                }
            }

            current = next;
        }

        return current;
    }

    private IEnumerable<(PacketState State, ChainResult Result)> RunChain(InMemoryNftables.State state, string chain, PacketState packet, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidOperationException($"chain loop through {chain}");
        }

        return RunRules(state, state.Chains[chain].Rules, 0, packet, depth);
    }

    private IEnumerable<(PacketState State, ChainResult Result)> RunRules(InMemoryNftables.State state, List<NftRule> rules, int index, PacketState packet, int depth)
    {
        for (var i = index; i < rules.Count; i++)
        {
            var rule = rules[i];
            NftVerdict? verdict = null;
            switch (rule)
            {
                case VerdictRule v:
                    verdict = v.Verdict;
                    break;
                case ServiceLookupRule lookup:
                    verdict = state.Maps[lookup.Map].Elements.GetValueOrDefault($"{packet.Destination} . {NftNames.Protocol(packet.Protocol)} . {packet.Port}");
                    break;
                case NodePortLookupRule lookup:
                    var isLocal = local.Contains(packet.Destination) && !packet.Destination.ToString().StartsWith("127.", StringComparison.Ordinal);
                    verdict = isLocal ? state.Maps[lookup.Map].Elements.GetValueOrDefault($"{NftNames.Protocol(packet.Protocol)} . {packet.Port}") : null;
                    break;
                case MarkRule { Operation: MarkOperation.Set }:
                    packet = packet with { Mark = packet.Mark | MarkRule.MasqueradeBit };
                    break;
                case MarkRule { Operation: MarkOperation.Clear }:
                    packet = packet with { Mark = packet.Mark ^ MarkRule.MasqueradeBit };
                    break;
                case MarkRule { Operation: MarkOperation.ReturnIfUnset }:
                    if ((packet.Mark & MarkRule.MasqueradeBit) == 0)
                    {
                        yield return (packet, ChainResult.Continue);
                        yield break;
                    }

                    break;
                case MasqueradeRule:
                    yield return (packet with { Masqueraded = true }, ChainResult.Accept);
                    yield break;
                case RejectRule:
                    yield return (packet, ChainResult.Reject);
                    yield break;
                case AffinityCheckRule affinity:
                    if (state.Sets[affinity.Set].Elements.Contains(packet.Source.ToString()))
                    {
                        verdict = NftVerdict.Goto(affinity.EndpointChain);
                    }

                    break;
                case AffinityUpdateRule update:
                    packet = packet with { AffinityUpdates = packet.AffinityUpdates.Add(update.Set) };
                    break;
                case RandomGotoRule random:
                    // Either branch can happen: the goto, or falling through to the next rule.
                    foreach (var result in RunChain(state, random.Chain, packet, depth + 1))
                    {
                        yield return result;
                    }

                    continue;
                case ConntrackEstablishedRule:
                    verdict = packet.Established ? NftVerdict.Accept : null;
                    break;
                case InterfaceVerdictRule lookup:
                    var name = lookup.OutputInterface ? packet.OutInterface : packet.InInterface;
                    verdict = name is null ? null : state.Maps[lookup.Map].Elements.GetValueOrDefault($"\"{name}\"");
                    break;
                case ConntrackMarkRule { Map: null } set:
                    packet = packet with { ConntrackMark = set.Value };
                    break;
                case ConntrackMarkRule set:
                    // A miss stops the rule: the mark stays as it was.
                    if (IntervalKeyMatcher.FindAddress(state.Maps[set.Map].Elements, set.SourceAddress ? packet.Source : packet.Destination) is { } mark)
                    {
                        packet = packet with { ConntrackMark = mark.Data };
                    }

                    break;
                case PeerClassVerdictRule lookup:
                    var device = lookup.OutputInterface ? packet.OutInterface : packet.InInterface;
                    verdict = device is null ? null : state.Maps[lookup.Map].Elements.GetValueOrDefault($"\"{device}\" . 0x{packet.ConntrackMark:x8}");
                    break;
                case PortVerdictRule lookup:
                    verdict = IntervalKeyMatcher.FindPort(state.Maps[lookup.Map].Elements, NftNames.Protocol(packet.Protocol), packet.Port);
                    break;
                case LogRule log:
                    packet = packet with { Logs = packet.Logs.Add(log.Prefix) };
                    break;
                case SourceAddressJumpRule jump:
                    verdict = packet.Source.Equals(jump.Source) ? NftVerdict.Jump(jump.Chain) : null;
                    break;
                case DnatRule dnat:
                    if (dnat.Protocol == packet.Protocol)
                    {
                        yield return (packet with { Destination = dnat.Address, Port = dnat.Port, DnatTo = new IPEndPoint(dnat.Address, dnat.Port) }, ChainResult.Accept);
                        yield break;
                    }

                    break;
                default:
                    throw new InvalidOperationException($"the tracer does not know rule {rule}");
            }

            if (verdict is null)
            {
                continue;
            }

            switch (verdict.Kind)
            {
                case NftVerdictKind.Accept:
                    yield return (packet, ChainResult.Accept);
                    yield break;
                case NftVerdictKind.Drop:
                    yield return (packet, ChainResult.Drop);
                    yield break;
                case NftVerdictKind.Return:
                    yield return (packet, ChainResult.Continue);
                    yield break;
                case NftVerdictKind.Goto:
                    foreach (var result in RunChain(state, verdict.Chain!, packet, depth + 1))
                    {
                        yield return result;
                    }

                    yield break;
                default:
                    foreach (var (after, result) in RunChain(state, verdict.Chain!, packet, depth + 1))
                    {
                        if (result == ChainResult.Continue)
                        {
                            foreach (var rest in RunRules(state, rules, i + 1, after, depth))
                            {
                                yield return rest;
                            }
                        }
                        else
                        {
                            yield return (after, result);
                        }
                    }

                    yield break;
            }
        }

        yield return (packet, ChainResult.Continue);
    }

    private enum ChainResult
    {
        Continue,
        Accept,
        Drop,
        Reject,
    }

    private sealed record PacketState(IPAddress Source, IPAddress Destination, Api.Resources.Protocol Protocol, int Port, uint Mark,
        IPEndPoint? DnatTo, bool Masqueraded, ImmutableArray<string> AffinityUpdates)
    {
        public string? InInterface { get; init; }

        public string? OutInterface { get; init; }

        public bool Established { get; init; }

        public uint ConntrackMark { get; init; }

        public ImmutableArray<string> Logs { get; init; } = [];
    }

    private sealed class OutcomeComparer : IEqualityComparer<TraceOutcome>
    {
        public static OutcomeComparer Instance { get; } = new();

        public bool Equals(TraceOutcome? x, TraceOutcome? y) => x?.ToString() == y?.ToString()
            && (x is null || (x.AffinityUpdates.SequenceEqual(y!.AffinityUpdates) && x.Logs.SequenceEqual(y.Logs)));

        public int GetHashCode(TraceOutcome obj) => obj.ToString().GetHashCode(StringComparison.Ordinal);
    }
}
