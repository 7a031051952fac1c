using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Weft.Agent.Flows;
using Weft.Datapath.Linux.Netlink;
using Weft.Flows.Enrichment;

namespace Weft.Flows.Tests.Privileged;

/// <summary>
/// Audit mode on the real kernel, over IPv6 and TCP: a rule logs with prefix weft:A:8 and accepts, so the connection
/// succeeds, the NFLOG packet is an AUDIT verdict naming the rule, and conntrack reports the connection.
/// </summary>
public sealed class AuditOverIpv6Tests
{
    private const string Ruleset = """
        table inet wtflow {
            chain input {
                type filter hook input priority 0; policy accept;
                ct state established,related accept
                tcp dport 9003 log prefix "weft:A:8" group 7 accept
            }
        }
        """;

    [PrivilegedFact]
    public async Task AuditRule_TcpOverIpv6_ConnectsAndIsLoggedAsAudit()
    {
        using var namespaces = new TwoNamespaces();
        Shell.Run("ip", ["netns", "exec", namespaces.B, "nft", "-f", "-"], Ruleset);
        using var conntrack = ConntrackEventReader.Open(namespaces.B);
        using var nflog = NflogReader.Open(namespaces.B, 7);
        using var stop = new CancellationTokenSource();
        var packets = new ConcurrentQueue<NflogPacket>();
        var events = new ConcurrentQueue<ConntrackEvent>();
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loops = new[]
        {
            Task.Factory.StartNew(() => nflog.Run(p => { packets.Enqueue(p); logged.TrySetResult(); }, stop.Token), TaskCreationOptions.LongRunning),
            Task.Factory.StartNew(
                () => conntrack.Run(e =>
                {
                    events.Enqueue(e);
                    if (e.Original.DestinationPort == 9003)
                    {
                        connected.TrySetResult();
                    }
                }, stop.Token),
                TaskCreationOptions.LongRunning),
        };

        try
        {
            using var listener = TwoNamespaces.SocketIn(namespaces.B, AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(TwoNamespaces.AddressB6, 9003));
            listener.Listen();
            using var client = TwoNamespaces.SocketIn(namespaces.A, AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(TwoNamespaces.AddressB6, 9003)).WaitAsync(TimeSpan.FromSeconds(20));
            using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await Task.WhenAll(logged.Task, connected.Task).WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }

        var packet = packets.Single();
        packet.Prefix.ShouldBe("weft:A:8");
        packet.HardwareProtocol.ShouldBe((ushort)0x86DD);
        packet.Headers!.Source.ShouldBe(TwoNamespaces.AddressA6);
        packet.Headers.Destination.ShouldBe(TwoNamespaces.AddressB6);
        packet.Headers.DestinationPort.ShouldBe((ushort)9003);
        packet.Headers.TcpFlags.ShouldBe((byte)0x02, "only the SYN is new; the rest is established");
        var created = events.First(e => e.Type == ConntrackEventType.New && e.Original.DestinationPort == 9003);
        created.Original.Protocol.ShouldBe((byte)6);
        created.Original.Source.ShouldBe(TwoNamespaces.AddressA6);

        var rule = new PolicyRuleRef { Tier = PolicyTier.NetworkPolicy, PolicyKey = "y/audit-me", Direction = FlowDirection.Ingress, RuleIndex = null, Action = RuleAction.DefaultDeny };
        var lookup = new FlowLookupSnapshot([], [new(8, rule)], []);
        var flow = new FlowEnricher("n2", TimeProvider.System).Enrich(KernelEventMapping.ToPacketLogEvent(packet), lookup);
        flow!.Verdict.ShouldBe(FlowVerdict.Audit);
        flow.Rule.ShouldBe(rule);
        flow.Protocol.ShouldBe(IpProtocol.Tcp);
    }
}
