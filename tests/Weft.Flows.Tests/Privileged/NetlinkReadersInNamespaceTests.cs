using System.Collections.Concurrent;
using System.Net;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Netlink;
using Weft.Flows.Enrichment;
using Weft.Flows.Output;
using Weft.Flows.Query;

namespace Weft.Flows.Tests.Privileged;

/// <summary>
/// Real kernel: conntrack events and NFLOG packets read inside a namespace this test creates, with an nftables
/// table there that logs and drops UDP 9001 (prefix weft:D:7) and accepts UDP 9002.
/// </summary>
public sealed class NetlinkReadersInNamespaceTests
{
    private const ushort Group = 7;

    private const string Ruleset = """
        table inet wtflow {
            chain input {
                type filter hook input priority 0; policy accept;
                ct state established,related accept
                udp dport 9001 log prefix "weft:D:7" group 7 drop
                udp dport 9002 accept
            }
        }
        """;

    [PrivilegedFact]
    public async Task Readers_InNamespace_SeeDropLogAndConnectionLifecycle()
    {
        using var namespaces = new TwoNamespaces();
        Shell.InNamespace(namespaces.B, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=1");
        Shell.Run("ip", ["netns", "exec", namespaces.B, "nft", "-f", "-"], Ruleset);

        using var conntrack = ConntrackEventReader.Open(namespaces.B);
        using var nflog = NflogReader.Open(namespaces.B, Group);
        using var stop = new CancellationTokenSource();
        var events = new ConcurrentQueue<ConntrackEvent>();
        var packets = new ConcurrentQueue<NflogPacket>();
        var newSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var destroySeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dropSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var conntrackLoop = Task.Factory.StartNew(
            () => conntrack.Run(e =>
            {
                events.Enqueue(e);
                if (e.Original.DestinationPort == 9002)
                {
                    (e.Type == ConntrackEventType.New ? newSeen : destroySeen).TrySetResult();
                }
            }, stop.Token),
            TaskCreationOptions.LongRunning);
        var nflogLoop = Task.Factory.StartNew(
            () => nflog.Run(p =>
            {
                packets.Enqueue(p);
                dropSeen.TrySetResult();
            }, stop.Token),
            TaskCreationOptions.LongRunning);

        try
        {
            using (var udp = namespaces.UdpSocketInA())
            {
                udp.Bind(new IPEndPoint(TwoNamespaces.AddressA, 40001));
                udp.SendTo("dropped"u8.ToArray(), new IPEndPoint(TwoNamespaces.AddressB, 9001));
                udp.SendTo("allowed"u8.ToArray(), new IPEndPoint(TwoNamespaces.AddressB, 9002));
            }

            // Waits bound a broken kernel path; they do not measure time.
            await Task.WhenAll(newSeen.Task, dropSeen.Task).WaitAsync(TimeSpan.FromSeconds(20));
            Shell.InNamespace(namespaces.B, "conntrack", "-D", "-p", "udp", "--dport", "9002");
            await destroySeen.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(conntrackLoop, nflogLoop);
        }

        var drop = packets.Single();
        drop.Group.ShouldBe(Group);
        drop.Prefix.ShouldBe("weft:D:7");
        drop.Headers.ShouldNotBeNull();
        drop.Headers.Source.ShouldBe(TwoNamespaces.AddressA);
        drop.Headers.Destination.ShouldBe(TwoNamespaces.AddressB);
        drop.Headers.Protocol.ShouldBe((byte)17);
        drop.Headers.SourcePort.ShouldBe((ushort)40001);
        drop.Headers.DestinationPort.ShouldBe((ushort)9001);

        var created = events.Single(e => e.Type == ConntrackEventType.New && e.Original.DestinationPort == 9002);
        created.Original.Source.ShouldBe(TwoNamespaces.AddressA);
        created.Original.SourcePort.ShouldBe((ushort)40001);
        created.Reply!.Source.ShouldBe(TwoNamespaces.AddressB);
        created.Id.ShouldNotBeNull();
        var destroyed = events.Single(e => e.Type == ConntrackEventType.Destroy && e.Original.DestinationPort == 9002);
        destroyed.Id.ShouldBe(created.Id);
        destroyed.CountersOriginal!.Packets.ShouldBeGreaterThanOrEqualTo(1ul);
        events.ShouldNotContain(e => e.Type == ConntrackEventType.New && e.Original.DestinationPort == 9001, "a dropped packet never confirms a connection");
        conntrack.Overruns.ShouldBe(0);
        nflog.Overruns.ShouldBe(0);

        // Through the pipeline: the drop names its rule.
        var lookup = new FlowLookupSnapshot(
            [Flows.Pod("x", "a", "10.250.0.1", node: "n1"), Flows.Pod("y", "b", "10.250.0.2", node: "n2")],
            [new(7, new PolicyRuleRef { Tier = PolicyTier.NetworkPolicy, PolicyKey = "y/deny-9001", Direction = FlowDirection.Ingress, RuleIndex = 0, Action = RuleAction.Deny })],
            []);
        var flow = new FlowEnricher("n2", TimeProvider.System).Enrich(KernelEventMapping.ToPacketLogEvent(drop), lookup);
        new CompactFlowFormatter().Format(FlowStreamItem.ForFlow(flow!))
            .ShouldEndWith("x/a:40001 -> y/b:9001 udp DROPPED by NetworkPolicy y/deny-9001 ingress rule 0");
    }

    [PrivilegedFact]
    public void NflogOpen_GroupAlreadyBoundByAnotherSocket_FailsWithEperm()
    {
        using var namespaces = new TwoNamespaces();
        using var first = NflogReader.Open(namespaces.B, 11);
        var failure = Should.Throw<KernelOperationException>(() => NflogReader.Open(namespaces.B, 11));
        failure.ExitCode.ShouldBe(1, "nfnetlink_log refuses a group owned by another port id with EPERM");
    }
}
