using System.Collections.Immutable;
using System.Net;

namespace Weft.Flows.Tests;

/// <summary>Builders for flow records used across tests.</summary>
internal static class Flows
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 6, 30, 1, 123, TimeSpan.Zero);

    public static FlowEndpoint Pod(string ns, string name, string ip, int port = 0, int? identity = null, string? node = "n1", params (string Key, string Value)[] labels) =>
        new()
        {
            Address = IPAddress.Parse(ip),
            Port = port,
            Namespace = ns,
            PodName = name,
            Node = node,
            IdentityId = identity,
            Labels = labels.Length == 0
                ? ImmutableSortedDictionary<string, string>.Empty.Add("pod", name)
                : labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value),
        };

    public static FlowRecord Flow(
        FlowEndpoint source, FlowEndpoint destination, FlowVerdict verdict = FlowVerdict.Forwarded,
        IpProtocol protocol = IpProtocol.Tcp, DateTimeOffset? time = null, string node = "n1") =>
        new()
        {
            Time = time ?? T0,
            Node = node,
            Source = source,
            Destination = destination,
            Protocol = protocol,
            Verdict = verdict,
            Type = verdict == FlowVerdict.Forwarded ? FlowEventType.ConnectionStart : FlowEventType.PolicyVerdict,
        };

    public static FlowRecord Numbered(int i) =>
        Flow(Pod("x", $"p{i}", "10.244.0.2", 1000 + i), Pod("y", "b", "10.244.0.3", 80));
}
