using System.Collections.Immutable;
using System.Net;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Policy.Inputs;

namespace Weft.Bench.PolicyDatapath;

/// <summary>
/// N NetworkPolicies that all select the measured server pod, each allowing TCP 8080 from one distinct external
/// host (172.16.x.y/32), and a last one allowing the measured client: the worst case for the server's lookup
/// (every policy contributes elements to the map on the measured path).
/// </summary>
internal static class SyntheticPolicies
{
    public const int Port = 8080;

    /// <summary>iperf3's port, also allowed for the measured client (throughput runs through the same policy).</summary>
    public const int ThroughputPort = 5201;

    public static PolicyInput Build(int count, string client, string server, int changedPort = Port)
    {
        var policies = ImmutableArray.CreateBuilder<NetworkPolicy>(count + 1);
        for (var i = 0; i < count; i++)
        {
            policies.Add(Policy($"p{i}", new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = IpPrefix.Parse($"{Peer(i)}/32") } }, i == 0 ? changedPort : Port));
        }

        // 0 is the no-policy baseline; otherwise the measured client is allowed by one more policy.
        if (count > 0)
        {
            policies.Add(Policy("allow-client", new NetworkPolicyPeer { PodSelector = Selector("app", "client") }, Port, ThroughputPort));
        }

        return new PolicyInput
        {
            Namespaces = [new Namespace { Metadata = new ObjectMeta { Name = "bench" } }],
            Pods = [Pod("client", client), Pod("server", server)],
            NetworkPolicies = policies.ToImmutable(),
        };
    }

    /// <summary>Every other address, so that no two peers merge into one range: one map element per policy.</summary>
    public static string Peer(int i) => $"172.16.{i / 120}.{(2 * (i % 120)) + 1}";

    private static NetworkPolicy Policy(string name, NetworkPolicyPeer peer, params int[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "bench" },
        PodSelector = Selector("app", "server"),
        Ingress = [new NetworkPolicyRule { Peers = [peer], Ports = [.. ports.Select(p => new NetworkPolicyPort { Port = IntOrString.FromNumber(p) })] }],
    };

    private static Pod Pod(string app, string address) => new()
    {
        Metadata = new ObjectMeta { Name = app, Namespace = "bench", Labels = ImmutableSortedDictionary<string, string>.Empty.Add("app", app) },
        Spec = new PodSpec(),
        PodIPs = [IPAddress.Parse(address)],
    };

    private static LabelSelector Selector(string key, string value) =>
        new() { MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add(key, value) };
}
