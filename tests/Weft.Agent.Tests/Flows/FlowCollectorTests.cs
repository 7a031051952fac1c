using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Agent.Flows;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Netlink;
using Weft.Flows;
using Weft.Flows.Query;

namespace Weft.Agent.Tests.Flows;

/// <summary>The collector's pure part: kernel events in, enriched flows in the node's ring (no kernel needed).</summary>
public sealed class FlowCollectorTests
{
    private static readonly ClusterSnapshot Snapshot = Build.Snapshot(
        ClusterSnapshot.Empty,
        [Build.Service("web", "web", "10.96.0.42")],
        Build.Pod("client", "client", "10.244.0.2"),
        Build.Pod("web-1", "web", "10.244.1.3", node: "node-2"));

    [Fact]
    public void FlowLookups_Build_NamesPodsByAddressAndServicesByClusterIp()
    {
        var lookup = FlowLookups.Build(Snapshot);

        var web = lookup.FindPod(IPAddress.Parse("10.244.1.3")).ShouldNotBeNull();
        (web.Namespace, web.PodName, web.Node).ShouldBe(("demo", "web-1", "node-2"));
        web.Labels["app"].ShouldBe("web");
        lookup.FindService(IPAddress.Parse("10.96.0.42"), 80, IpProtocol.Tcp).ShouldBe("demo/web");
        lookup.FindService(IPAddress.Parse("10.96.0.42"), 80, IpProtocol.Udp).ShouldBeNull();
        lookup.FindPod(IPAddress.Parse("10.244.9.9")).ShouldBeNull();
    }

    [Fact]
    public void FlowLookups_TwoPodsClaimingOneAddress_FirstWinsInsteadOfFailing()
    {
        var snapshot = Snapshot with { Pods = [Build.Pod("a", "x", "10.244.0.7"), Build.Pod("b", "y", "10.244.0.7")] };

        FlowLookups.Build(snapshot).FindPod(IPAddress.Parse("10.244.0.7"))!.PodName.ShouldBe("a");
    }

    [Fact]
    public async Task OnConnection_NewThroughService_RecordsForwardedEgressFlowWithServiceAndBackend()
    {
        await using var collector = Collector();
        collector.Publish(Snapshot);

        collector.OnConnection(Connection(ConntrackEventType.New, "10.244.0.2", 40000, "10.96.0.42", 80, replyFrom: ("10.244.1.3", 8080)));

        var flow = collector.Store.Query(FlowFilter.All).Flows.ShouldHaveSingleItem();
        flow.Verdict.ShouldBe(FlowVerdict.Forwarded);
        flow.Type.ShouldBe(FlowEventType.ConnectionStart);
        flow.Direction.ShouldBe(FlowDirection.Egress);
        flow.Source.DisplayName.ShouldBe("demo/client");
        flow.Destination.DisplayName.ShouldBe("demo/web-1");
        flow.Destination.Port.ShouldBe(8080);
        flow.Service!.ServiceName.ShouldBe("demo/web");
        flow.Service.FrontendPort.ShouldBe(80);
    }

    [Fact]
    public async Task OnConnection_TrafficWithoutAPodOnEitherSide_IsNotRecorded()
    {
        await using var collector = Collector();
        collector.Publish(Snapshot);

        collector.OnConnection(Connection(ConntrackEventType.New, "172.31.0.2", 5000, "172.31.0.3", 4789));
        collector.OnConnection(Connection(ConntrackEventType.Update, "10.244.0.2", 40000, "10.244.1.3", 8080));

        collector.Store.TotalFlows.ShouldBe(0);
    }

    [Fact]
    public async Task OnPacket_WeftDropPrefix_RecordsDroppedFlow_AndForeignPrefixesAreIgnored()
    {
        await using var collector = Collector();
        collector.Publish(Snapshot);
        var headers = new PacketHeaders
        {
            Source = IPAddress.Parse("10.244.0.2"), Destination = IPAddress.Parse("10.244.1.3"), Protocol = 6, SourcePort = 40001, DestinationPort = 8080, TcpFlags = 0x02,
        };

        collector.OnPacket(new NflogPacket { Group = 100, Prefix = "weft:D:7", Headers = headers });
        collector.OnPacket(new NflogPacket { Group = 100, Prefix = "someone-else", Headers = headers });

        var flow = collector.Store.Query(FlowFilter.All).Flows.ShouldHaveSingleItem();
        flow.Verdict.ShouldBe(FlowVerdict.Dropped);
        flow.Type.ShouldBe(FlowEventType.PolicyVerdict);
        flow.Destination.DisplayName.ShouldBe("demo/web-1");
    }

    [Fact]
    public async Task OnPacket_AfterPublishRules_NamesTheDecidingRule_AndANewerSnapshotKeepsTheRules()
    {
        await using var collector = Collector();
        var rule = new PolicyRuleRef { Tier = PolicyTier.NetworkPolicy, PolicyKey = "demo/deny", Direction = FlowDirection.Ingress, Action = RuleAction.DefaultDeny };
        collector.PublishRules(new Dictionary<uint, PolicyRuleRef> { [7] = rule });
        collector.Publish(Snapshot);
        var headers = new PacketHeaders
        {
            Source = IPAddress.Parse("10.244.0.2"), Destination = IPAddress.Parse("10.244.1.3"), Protocol = 6, SourcePort = 40001, DestinationPort = 8080,
        };

        collector.OnPacket(new NflogPacket { Group = 100, Prefix = "weft:A:7", Headers = headers });

        var flow = collector.Store.Query(FlowFilter.All).Flows.ShouldHaveSingleItem();
        flow.Verdict.ShouldBe(FlowVerdict.Audit);
        flow.Rule.ShouldBe(rule);
        flow.Source.DisplayName.ShouldBe("demo/client");
    }

    [Fact]
    public async Task Store_CapacityFromOptions_OverwritesOldestAndCountsThem()
    {
        await using var collector = Collector(capacity: 2);
        collector.Publish(Snapshot);

        for (var port = 1; port <= 3; port++)
        {
            collector.OnConnection(Connection(ConntrackEventType.New, "10.244.0.2", (ushort)port, "10.244.1.3", 8080));
        }

        collector.Store.LostFlows.ShouldBe(1);
        collector.Store.Query(FlowFilter.All).Flows.Select(f => f.Source.Port).ShouldBe([2, 3]);
    }

    private static FlowCollector Collector(int capacity = 16) => new(
        "node-1", NetnsRef.Named("unused"), new FlowCollectorOptions { Capacity = capacity }, new InPlaceNetns(), new NoProcesses(),
        TimeProvider.System, NullLogger.Instance);

    private static ConntrackEvent Connection(
        ConntrackEventType type, string source, ushort sourcePort, string destination, ushort destinationPort, (string Ip, ushort Port)? replyFrom = null)
    {
        var (replySource, replyPort) = replyFrom ?? (destination, destinationPort);
        return new ConntrackEvent
        {
            Type = type,
            Original = new ConntrackTuple { Source = IPAddress.Parse(source), Destination = IPAddress.Parse(destination), Protocol = 6, SourcePort = sourcePort, DestinationPort = destinationPort },
            Reply = new ConntrackTuple { Source = IPAddress.Parse(replySource), Destination = IPAddress.Parse(source), Protocol = 6, SourcePort = replyPort, DestinationPort = sourcePort },
        };
    }

    private sealed class NoProcesses : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the pure tests start no processes");
    }
}
