using System.Collections.Immutable;
using System.Text;
using Weft.Datapath.Nftables;
using Weft.Datapath.Nftables.Rules;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Testing;

/// <summary>
/// A stateful, transactional in-memory nftables for tests (after knftables' Fake). It applies a transaction to a
/// copy of its state and commits only if every operation succeeds, refusing what the kernel refuses: objects
/// in a missing table, deleting or flushing what does not exist, deleting a chain or set still referenced,
/// re-adding a map key with a different verdict, rules or elements naming missing chains, sets or maps, and NAT
/// statements reachable from filter hooks (or reject from NAT hooks). <see cref="Dump"/> prints the state in a
/// canonical order; <see cref="NftPacketTracer"/> evaluates packets against it.
/// </summary>
public sealed partial class InMemoryNftables : INftables
{
    private readonly Lock gate = new();
    private State? state;

    /// <summary>Every transaction applied successfully, in order.</summary>
    public List<NftTransaction> Applied { get; } = [];

    /// <summary>When set, the next transaction fails with this message (to test resync after failure).</summary>
    public string? FailNext { get; set; }

    public Task<NftApplyResult> ApplyAsync(NftTransaction transaction, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (FailNext is { } forced)
            {
                FailNext = null;
                return Task.FromResult(NftApplyResult.Failed(forced));
            }

            var working = state?.Clone();
            foreach (var operation in transaction.Operations)
            {
                var error = Apply(ref working, transaction.Table, operation);
                if (error is not null)
                {
                    return Task.FromResult(NftApplyResult.Failed($"{operation.Render(transaction.Table)}: {error}"));
                }
            }

            if (working is not null && ValidateHooks(working) is { } hookError)
            {
                return Task.FromResult(NftApplyResult.Failed(hookError));
            }

            state = working;
            Applied.Add(transaction);
            return Task.FromResult(NftApplyResult.Ok);
        }
    }

    public Task<string?> ListTableAsync(NftTable table, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(state is null || state.Table != table ? null : Dump());
        }
    }

    /// <summary>The table in a canonical text form: equal dumps mean equal rulesets.</summary>
    public string Dump()
    {
        lock (gate)
        {
            if (state is null)
            {
                return "";
            }

            var text = new StringBuilder();
            text.Append("table ").Append(state.Table).Append(" {\n");
            foreach (var (name, map) in state.Maps.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                text.Append("  map ").Append(name).Append(" { type ").Append(map.KeyType).Append(" : ").Append(map.ValueType).Append(map.Flags is null ? "" : $" ; flags {map.Flags}").Append(" }\n");
                foreach (var (key, verdict) in map.Elements.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.Append("    ").Append(key).Append(" : ").Append(verdict).Append('\n');
                }
            }

            foreach (var (name, set) in state.Sets.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append("  set ").Append(name).Append(" { ").Append(set.Spec.Declaration).Append(" }\n");
            }

            foreach (var (name, chain) in state.Chains.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                text.Append("  chain ").Append(name).Append(chain.Hook is null ? " {\n" : $" {{ {chain.Hook}\n");
                foreach (var rule in chain.Rules)
                {
                    text.Append("    ").Append(rule.Render()).Append('\n');
                }

                text.Append("  }\n");
            }

            return text.Append("}\n").ToString();
        }
    }

    /// <summary>Adds a client to an affinity set, as the kernel does when a packet runs <c>update @set</c>.</summary>
    public void RecordAffinity(string set, string clientAddress)
    {
        lock (gate)
        {
            state?.Sets[set].Elements.Add(clientAddress);
        }
    }

    internal State? Snapshot()
    {
        lock (gate)
        {
            return state?.Clone();
        }
    }

    internal sealed class State(NftTable table)
    {
        public NftTable Table { get; } = table;

        public Dictionary<string, ChainState> Chains { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MapState> Maps { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SetState> Sets { get; } = new(StringComparer.Ordinal);

        public State Clone()
        {
            var copy = new State(Table);
            foreach (var (name, chain) in Chains)
            {
                copy.Chains[name] = new ChainState(chain.Hook, [.. chain.Rules]);
            }

            foreach (var (name, map) in Maps)
            {
                copy.Maps[name] = new MapState(map.KeyType, new Dictionary<string, NftVerdict>(map.Elements, StringComparer.Ordinal), map.Flags, map.ValueType);
            }

            foreach (var (name, set) in Sets)
            {
                copy.Sets[name] = new SetState(set.Spec, [.. set.Elements]);
            }

            return copy;
        }
    }

    internal sealed record ChainState(NftHook? Hook, List<NftRule> Rules);

    internal sealed record MapState(string KeyType, Dictionary<string, NftVerdict> Elements, string? Flags = null, string ValueType = NftMap.Verdict);

    internal sealed record SetState(NftSet Spec, HashSet<string> Elements);

    private static ImmutableArray<string> EmptyNames => [];
}
