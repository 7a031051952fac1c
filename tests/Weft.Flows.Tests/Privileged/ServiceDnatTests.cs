using System.Collections.Concurrent;
using System.Net;
using Weft.Datapath.Linux.Netlink;
using Weft.Flows.Enrichment;
using Weft.Flows.Output;
using Weft.Flows.Query;

namespace Weft.Flows.Tests.Privileged;

/// <summary>
/// Service traffic on the real kernel: a DNAT rule in the receiving namespace turns 10.96.0.20:80 into 10.250.0.2:8080;
/// the conntrack event's reply tuple reveals the backend and the flow names the service and the backend pod.
/// </summary>
public sealed class ServiceDnatTests
{
    private const string Ruleset = """
        table ip wtflow-nat {
            chain prerouting {
                type nat hook prerouting priority -100; policy accept;
                ip daddr 10.96.0.20 udp dport 80 dnat to 10.250.0.2:8080
            }
        }
        """;

    [PrivilegedFact]
    public async Task DnatToBackend_ConntrackNew_EnrichesToServiceAndBackendPod()
    {
        using var namespaces = new TwoNamespaces();
        Shell.Ip("-n", namespaces.A, "route", "add", "10.96.0.0/16", "via", "10.250.0.2");
        Shell.Run("ip", ["netns", "exec", namespaces.B, "nft", "-f", "-"], Ruleset);
        using var conntrack = ConntrackEventReader.Open(namespaces.B);
        using var stop = new CancellationTokenSource();
        var events = new ConcurrentQueue<ConntrackEvent>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Task.Factory.StartNew(
            () => conntrack.Run(e =>
            {
                if (e.Type == ConntrackEventType.New && e.Original.DestinationPort == 80)
                {
                    events.Enqueue(e);
                    seen.TrySetResult();
                }
            }, stop.Token),
            TaskCreationOptions.LongRunning);
        try
        {
            using var udp = namespaces.UdpSocketInA();
            udp.Bind(new IPEndPoint(TwoNamespaces.AddressA, 40002));
            udp.SendTo("hello"u8.ToArray(), new IPEndPoint(IPAddress.Parse("10.96.0.20"), 80));
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }

        var created = events.Single();
        created.Original.Destination.ShouldBe(IPAddress.Parse("10.96.0.20"));
        created.Reply!.Source.ShouldBe(TwoNamespaces.AddressB);
        created.Reply.SourcePort.ShouldBe((ushort)8080);

        var lookup = new FlowLookupSnapshot(
            [Flows.Pod("x", "a", "10.250.0.1", node: "n1"), Flows.Pod("y", "web-1", "10.250.0.2", node: "n2")],
            [],
            [new ServiceFrontend(IPAddress.Parse("10.96.0.20"), 80, IpProtocol.Udp, "y/web")]);
        var flow = new FlowEnricher("n2", TimeProvider.System).Enrich(KernelEventMapping.ToConnectionEvent(created)!, lookup);
        flow.Service!.ServiceName.ShouldBe("y/web");
        flow.Destination.DisplayName.ShouldBe("y/web-1");
        flow.Destination.Port.ShouldBe(8080);
        flow.Direction.ShouldBe(FlowDirection.Ingress);
        new CompactFlowFormatter().Format(FlowStreamItem.ForFlow(flow)).ShouldEndWith("x/a:40002 -> y/web-1:8080 svc y/web udp FORWARDED");
    }
}
