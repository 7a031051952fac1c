using System.Collections.Immutable;
using System.Net;
using Weft.Flows.Enrichment;
using Weft.Flows.Store;

namespace Weft.Flows.Bench;

/// <summary>
/// How many kernel events per second the enricher + ring store absorb: a pre-built mix of 60% conntrack NEW,
/// 20% DESTROY (with counters) and 20% NFLOG drops over 2,000 pods and 10,000 rules, enriched and stored on one
/// thread (the agent's shape: one reader thread per source), then with two writers at once.
/// </summary>
internal static class IngestBench
{
    public static int Run(int events, int capacity)
    {
        var pods = Enumerable.Range(0, 2_000).Select(i => new FlowEndpoint
        {
            Address = new IPAddress([10, 244, (byte)(i / 250), (byte)(i % 250 + 2)]),
            Namespace = $"ns{i % 20}",
            PodName = $"pod-{i}",
            Node = i % 4 == 0 ? "n1" : $"n{i % 4 + 1}",
            IdentityId = 1000 + i % 300,
            Labels = ImmutableSortedDictionary<string, string>.Empty.Add("app", $"app{i % 300}"),
        }).ToArray();
        var rules = Enumerable.Range(1, 10_000).Select(i => new KeyValuePair<uint, PolicyRuleRef>((uint)i, new PolicyRuleRef
        {
            Tier = PolicyTier.NetworkPolicy, PolicyKey = $"ns{i % 20}/policy-{i}", Direction = FlowDirection.Ingress, RuleIndex = i % 5, Action = RuleAction.Deny,
        }));
        var lookup = new FlowLookupSnapshot(pods, rules, [new ServiceFrontend(IPAddress.Parse("10.96.0.10"), 53, IpProtocol.Udp, "kube-system/kube-dns")]);
        var random = new Random(1);
        var mix = new object[4096];
        for (var i = 0; i < mix.Length; i++)
        {
            var a = pods[random.Next(pods.Length)].Address;
            var b = pods[random.Next(pods.Length)].Address;
            var tuple = new FlowTuple(a, b, IpProtocol.Tcp, random.Next(32768, 61000), 80);
            mix[i] = (i % 10) switch
            {
                < 6 => new ConnectionEvent { Kind = ConnectionEventKind.New, Original = tuple, Reply = new FlowTuple(b, a, IpProtocol.Tcp, 80, tuple.SourcePort) },
                < 8 => new ConnectionEvent { Kind = ConnectionEventKind.Destroy, Original = tuple, Counters = new FlowCounters(10, 1_000, 8, 20_000) },
                _ => new PacketLogEvent { Prefix = $"weft:D:{random.Next(1, 10_001)}", Packet = tuple, TcpFlags = 0x02 },
            };
        }

        Console.WriteLine($"ingest: {events:N0} events, ring capacity {capacity:N0}, 2,000 pods, 10,000 rules, {Environment.ProcessorCount} cores");
        Ingest(lookup, mix, events / 10, capacity, writers: 1, quiet: true);
        Console.WriteLine(Ingest(lookup, mix, events, capacity, writers: 1, quiet: false));
        Console.WriteLine(Ingest(lookup, mix, events, capacity, writers: 2, quiet: false));
        return 0;
    }

    private static string Ingest(FlowLookupSnapshot lookup, object[] mix, int events, int capacity, int writers, bool quiet)
    {
        GC.Collect();
        var store = new FlowStore("n1", capacity);
        var measurement = new Measurement();
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            var enricher = new FlowEnricher("n1", TimeProvider.System);
            for (var i = w; i < events; i += writers)
            {
                var flow = mix[i & (mix.Length - 1)] switch
                {
                    ConnectionEvent c => enricher.Enrich(c, lookup),
                    PacketLogEvent p => enricher.Enrich(p, lookup),
                    _ => null,
                };
                if (flow is not null)
                {
                    store.Add(flow);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var report = measurement.Report($"enrich+store, {writers} writer thread(s)", events);
        return quiet ? "" : $"{report}; ring lost {store.LostFlows:N0} (counted) of {store.TotalFlows:N0}";
    }
}
