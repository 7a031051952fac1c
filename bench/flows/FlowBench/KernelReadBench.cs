using System.Diagnostics;
using Weft.Agent.Flows;
using Weft.Datapath.Linux.Netlink;
using Weft.Flows.Enrichment;
using Weft.Flows.Store;

namespace Weft.Flows.Bench;

/// <summary>
/// Reads NFLOG packets or conntrack events in a namespace while a sender floods it, enriching and storing each
/// one, and reports the received rate, kernel-side losses (ENOBUFS) and this process's CPU and memory.
/// Writes "ready" on stdout once subscribed so that the driver starts sending only then.
/// </summary>
internal static class KernelReadBench
{
    public static int RunNflog(string ns, ushort group, int expect, int seconds)
    {
        using var reader = NflogReader.Open(ns, group, receiveBufferBytes: 64 << 20);
        var store = new FlowStore("bench", 65_536);
        var enricher = new FlowEnricher("bench", TimeProvider.System);
        var received = 0L;
        Measurement? measurement = null;
        Console.WriteLine("ready");
        var deadline = Stopwatch.StartNew();
        while (received < expect && deadline.Elapsed.TotalSeconds < seconds)
        {
            reader.ReceiveOnce(p =>
            {
                measurement ??= new Measurement();
                measurement.MarkEvent();
                received++;
                if (enricher.Enrich(KernelEventMapping.ToPacketLogEvent(p), FlowLookupSnapshot.Empty) is { } flow)
                {
                    store.Add(flow);
                }
            }, 100);
        }

        Console.WriteLine((measurement ?? new Measurement()).Report("NFLOG read+enrich+store", received)
            + $"; stored {store.TotalFlows:N0}; kernel overruns (ENOBUFS) {reader.Overruns:N0}");
        return 0;
    }

    public static int RunConntrack(string ns, int expect, int seconds)
    {
        using var reader = ConntrackEventReader.Open(ns, receiveBufferBytes: 64 << 20);
        var store = new FlowStore("bench", 65_536);
        var enricher = new FlowEnricher("bench", TimeProvider.System);
        var received = 0L;
        Measurement? measurement = null;
        Console.WriteLine("ready");
        var deadline = Stopwatch.StartNew();
        while (received < expect && deadline.Elapsed.TotalSeconds < seconds)
        {
            reader.ReceiveOnce(e =>
            {
                measurement ??= new Measurement();
                measurement.MarkEvent();
                received++;
                if (KernelEventMapping.ToConnectionEvent(e) is { } connection)
                {
                    store.Add(enricher.Enrich(connection, FlowLookupSnapshot.Empty));
                }
            }, 100);
        }

        Console.WriteLine((measurement ?? new Measurement()).Report("conntrack read+enrich+store", received)
            + $"; stored {store.TotalFlows:N0}; kernel overruns (ENOBUFS) {reader.Overruns:N0}");
        return 0;
    }
}
