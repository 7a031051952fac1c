using System.Collections.Immutable;
using System.Net;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Policy.Inputs;

namespace Weft.Policy.Tests.Reference;

/// <summary>
/// Random small clusters from a seed, drawn from tiny vocabularies (3 namespaces, 2 label keys with 2 values,
/// a handful of ports and addresses) so that selectors, ports and CIDRs collide often and every corner is hit.
/// </summary>
internal sealed class RandomCluster(int seed, int maxAdminPolicies = 3, int maxNetworkPolicies = 4)
{
    private static readonly string[] NamespaceNames = ["a", "b", "c"];
    private static readonly string[] Keys = ["app", "tier"];
    private static readonly string[] Values = ["x", "y"];
    private static readonly (string Name, int Port, Protocol Protocol)[] NamedPorts = [("http", 80, Protocol.Tcp), ("http", 81, Protocol.Tcp), ("dns", 53, Protocol.Udp), ("dns", 53, Protocol.Tcp), ("web", 443, Protocol.Tcp)];
    public static readonly int[] Ports = [53, 80, 81, 443];
    public static readonly Protocol[] Protocols = [Protocol.Tcp, Protocol.Udp];
    public static readonly IPAddress[] ExternalAddresses = [IPAddress.Parse("192.168.1.1"), IPAddress.Parse("10.0.0.3"), IPAddress.Parse("10.0.1.9")];
    private static readonly string[] Cidrs = ["10.0.0.0/24", "10.0.0.0/30", "10.0.0.4/31", "10.0.0.0/8", "192.168.0.0/16", "0.0.0.0/0"];

    private readonly Random random = new(seed);

    public PolicyInput Generate()
    {
        var namespaces = NamespaceNames.Where(_ => random.Next(3) > 0)
            .Select(n => new Namespace { Metadata = new ObjectMeta { Name = n, Labels = RandomLabels() } })
            .ToImmutableArray();
        var podCount = random.Next(1, 7);
        var pods = Enumerable.Range(0, podCount).Select(i => new Pod
        {
            Metadata = new ObjectMeta { Name = $"p{i}", Namespace = Pick(NamespaceNames), Labels = RandomLabels() },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Ports = [.. NamedPorts.Where(_ => random.Next(3) == 0).DistinctBy(p => p.Name).Select(p => new ContainerPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol })] }] },
            PodIPs = random.Next(4) == 0 ? [] : [IPAddress.Parse($"10.0.0.{i + 1}")],
        }).ToImmutableArray();
        var policies = Enumerable.Range(0, random.Next(0, maxNetworkPolicies + 1)).Select(i => RandomNetworkPolicy($"np{i}")).ToImmutableArray();
        var admin = Enumerable.Range(0, random.Next(0, maxAdminPolicies + 1)).Select(i => new AdminNetworkPolicy
        {
            Metadata = new ObjectMeta { Name = $"anp{i}" },
            Priority = random.Next(1, 4 + (maxAdminPolicies / 2)),
            Subject = RandomSubject(),
            Ingress = RandomAdminRules(ingress: true, allowPass: true),
            Egress = RandomAdminRules(ingress: false, allowPass: true),
        }).ToImmutableArray();
        var baseline = random.Next(2) == 0 ? null : new BaselineAdminNetworkPolicy
        {
            Metadata = new ObjectMeta { Name = "default" },
            Subject = RandomSubject(),
            Ingress = RandomAdminRules(ingress: true, allowPass: false),
            Egress = RandomAdminRules(ingress: false, allowPass: false),
        };
        return new PolicyInput { Namespaces = namespaces, Pods = pods, NetworkPolicies = policies, AdminNetworkPolicies = admin, BaselineAdminNetworkPolicy = baseline };
    }

    public NetworkPolicy RandomNetworkPolicy(string name)
    {
        var types = random.Next(4) switch
        {
            0 => ImmutableArray<PolicyType>.Empty,
            1 => [PolicyType.Ingress],
            2 => [PolicyType.Egress],
            _ => [PolicyType.Ingress, PolicyType.Egress],
        };
        return new NetworkPolicy
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Pick(NamespaceNames) },
            PodSelector = RandomSelector(),
            PolicyTypes = types,
            Ingress = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomRule())],
            Egress = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomRule())],
        };
    }

    public NetworkPolicyRule RandomRule() => new()
    {
        Peers = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomPeer())],
        Ports = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomPort())],
    };

    private NetworkPolicyPeer RandomPeer() => random.Next(4) switch
    {
        0 => new NetworkPolicyPeer { PodSelector = RandomSelector() },
        1 => new NetworkPolicyPeer { NamespaceSelector = RandomSelector() },
        2 => new NetworkPolicyPeer { NamespaceSelector = RandomSelector(), PodSelector = RandomSelector() },
        _ => new NetworkPolicyPeer
        {
            IpBlock = new IpBlock
            {
                Cidr = IpPrefix.Parse(Pick(Cidrs)),
                Except = random.Next(2) == 0 ? [] : [IpPrefix.Parse(Pick(["10.0.0.1/32", "10.0.0.2/31", "192.168.1.0/24"]))],
            },
        },
    };

    private NetworkPolicyPort RandomPort()
    {
        var protocol = Pick(Protocols);
        return random.Next(4) switch
        {
            0 => new NetworkPolicyPort { Protocol = protocol },
            1 => new NetworkPolicyPort { Protocol = protocol, Port = IntOrString.FromName(Pick(["http", "dns", "web"])) },
            2 => new NetworkPolicyPort { Protocol = protocol, Port = IntOrString.FromNumber(80), EndPort = Pick([80, 81, 443]) },
            _ => new NetworkPolicyPort { Protocol = protocol, Port = IntOrString.FromNumber(Pick(Ports)) },
        };
    }

    private ImmutableArray<AdminRule> RandomAdminRules(bool ingress, bool allowPass) =>
    [
        .. Enumerable.Range(0, random.Next(0, 3)).Select(i => new AdminRule
        {
            Name = $"r{i}",
            Action = allowPass ? Pick([AdminRuleAction.Allow, AdminRuleAction.Deny, AdminRuleAction.Pass]) : Pick([AdminRuleAction.Allow, AdminRuleAction.Deny]),
            Peers = [.. Enumerable.Range(0, random.Next(ingress ? 1 : 0, 3)).Select(_ => RandomSubject())],
            Networks = ingress || random.Next(2) == 0 ? [] : [IpPrefix.Parse(Pick(Cidrs))],
            Ports = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomAdminPort())],
        }),
    ];

    private AdminPort RandomAdminPort() => random.Next(3) switch
    {
        0 => new AdminPort { NamedPort = Pick(["http", "dns", "web"]) },
        1 => new AdminPort { Protocol = Pick(Protocols), Port = 53, EndPort = Pick([80, 443]) },
        _ => new AdminPort { Protocol = Pick(Protocols), Port = Pick(Ports) },
    };

    private AdminSubject RandomSubject() => random.Next(2) == 0
        ? new AdminSubject { Namespaces = RandomSelector() }
        : new AdminSubject { PodNamespaces = RandomSelector(), Pods = RandomSelector() };

    private LabelSelector RandomSelector()
    {
        switch (random.Next(5))
        {
            case 0:
                return LabelSelector.Everything;
            case 1:
                return new LabelSelector
                {
                    MatchExpressions = [new LabelSelectorRequirement
                    {
                        Key = Pick(Keys),
                        Operator = Pick([SelectorOperator.In, SelectorOperator.NotIn, SelectorOperator.Exists, SelectorOperator.DoesNotExist]) is var op ? op : default,
                        Values = op is SelectorOperator.In or SelectorOperator.NotIn ? [Pick(Values)] : [],
                    }],
                };
            case 2:
                return new LabelSelector { MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add("kubernetes.io/metadata.name", Pick(NamespaceNames)) };
            default:
                return new LabelSelector { MatchLabels = RandomLabels(1) };
        }
    }

    private ImmutableSortedDictionary<string, string> RandomLabels(int? count = null)
    {
        var labels = ImmutableSortedDictionary<string, string>.Empty;
        foreach (var key in Keys.OrderBy(_ => random.Next()).Take(count ?? random.Next(0, 3)))
        {
            labels = labels.SetItem(key, Pick(Values));
        }

        return labels;
    }

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
