using System.Collections.Immutable;
using System.Net;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Policy.Inputs;

namespace Weft.Bench.Policy;

/// <summary>
/// A large, realistic synthetic cluster: namespaces owned by teams and environments, apps of a few tiers
/// with replicas, per-namespace default deny plus allows by pod, namespace, both, ipBlock and named port,
/// and a stack of ANPs with Allow/Deny/Pass rules, plus a BANP. Deterministic for a given seed.
/// </summary>
internal static class SyntheticCluster
{
    private static readonly string[] Tiers = ["web", "api", "db", "cache", "worker"];
    private static readonly string[] Environments = ["prod", "staging", "dev"];

    public static PolicyInput Generate(int namespaces, int podsPerNamespace, int policiesPerNamespace, int adminPolicies, int seed = 42)
    {
        var random = new Random(seed);
        var nsList = ImmutableArray.CreateBuilder<Namespace>(namespaces);
        var pods = ImmutableArray.CreateBuilder<Pod>(namespaces * podsPerNamespace);
        var policies = ImmutableArray.CreateBuilder<NetworkPolicy>(namespaces * policiesPerNamespace);
        const int appsPerNamespace = 10;
        var podIndex = 0;
        for (var n = 0; n < namespaces; n++)
        {
            var ns = $"ns-{n:D4}";
            nsList.Add(new Namespace { Metadata = new ObjectMeta { Name = ns, Labels = Labels(("team", $"team-{n % 50}"), ("env", Environments[n % 3])) } });
            for (var p = 0; p < podsPerNamespace; p++)
            {
                var app = p % appsPerNamespace;
                var address = new IPAddress([10, (byte)(podIndex >> 16), (byte)(podIndex >> 8), (byte)podIndex]);
                podIndex++;
                pods.Add(new Pod
                {
                    Metadata = new ObjectMeta { Name = $"app-{app}-{p / appsPerNamespace}", Namespace = ns, Labels = Labels(("app", $"app-{app}"), ("tier", Tiers[app % Tiers.Length])) },
                    Spec = new PodSpec
                    {
                        Containers = [new Container { Name = "main", Ports = [new ContainerPort { Name = "http", Port = 8080 }, new ContainerPort { Name = "metrics", Port = 9090 }] }],
                    },
                    PodIPs = [address],
                });
            }

            for (var k = 0; k < policiesPerNamespace; k++)
            {
                policies.Add(NamespacePolicy(ns, k, namespaces, random));
            }
        }

        var admin = ImmutableArray.CreateBuilder<AdminNetworkPolicy>(adminPolicies);
        for (var a = 0; a < adminPolicies; a++)
        {
            admin.Add(AdminPolicy(a, random));
        }

        var baseline = new BaselineAdminNetworkPolicy
        {
            Metadata = new ObjectMeta { Name = "default" },
            Subject = new AdminSubject { Namespaces = LabelSelector.Everything },
            Ingress = [new AdminRule { Name = "deny-cross-env", Action = AdminRuleAction.Deny, Peers = [new AdminSubject { Namespaces = Sel(("env", "dev")) }] }],
        };
        return new PolicyInput { Namespaces = nsList.ToImmutable(), Pods = pods.ToImmutable(), NetworkPolicies = policies.ToImmutable(), AdminNetworkPolicies = admin.ToImmutable(), BaselineAdminNetworkPolicy = baseline };
    }

    private static NetworkPolicy NamespacePolicy(string ns, int k, int namespaces, Random random)
    {
        var meta = new ObjectMeta { Name = $"policy-{k}", Namespace = ns };
        var app = random.Next(10);
        return (k % 5) switch
        {
            0 => new NetworkPolicy { Metadata = meta, PodSelector = LabelSelector.Everything, PolicyTypes = [PolicyType.Ingress] },
            1 => new NetworkPolicy
            {
                Metadata = meta,
                PodSelector = Sel(("app", $"app-{app}")),
                Ingress = [new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { PodSelector = Sel(("app", $"app-{(app + 1) % 10}")) }], Ports = [new NetworkPolicyPort { Port = IntOrString.FromName("http") }] }],
            },
            2 => new NetworkPolicy
            {
                Metadata = meta,
                PodSelector = Sel(("tier", Tiers[random.Next(Tiers.Length)])),
                Ingress = [new NetworkPolicyRule
                {
                    Peers = [new NetworkPolicyPeer { NamespaceSelector = Sel(("team", $"team-{random.Next(50)}")), PodSelector = Sel(("tier", "web")) }],
                    Ports = [new NetworkPolicyPort { Port = IntOrString.FromNumber(8080), EndPort = 8090 }],
                }],
            },
            3 => new NetworkPolicy
            {
                Metadata = meta,
                PodSelector = Sel(("app", $"app-{app}")),
                PolicyTypes = [PolicyType.Egress],
                Egress =
                [
                    new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { NamespaceSelector = Sel(("kubernetes.io/metadata.name", $"ns-{random.Next(namespaces):D4}")) }] },
                    new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { PodSelector = LabelSelector.Everything }] },
                    new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = IpPrefix.Parse("0.0.0.0/0"), Except = [IpPrefix.Parse("10.0.0.0/8")] } }], Ports = [new NetworkPolicyPort { Port = IntOrString.FromNumber(443) }] },
                ],
            },
            _ => new NetworkPolicy
            {
                Metadata = meta,
                PodSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = SelectorOperator.In, Values = ["api", "worker"] }] },
                Ingress = [new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = IpPrefix.Parse($"10.{random.Next(256)}.0.0/16") } }] }],
            },
        };
    }

    private static AdminNetworkPolicy AdminPolicy(int a, Random random)
    {
        var subject = (a % 3) switch
        {
            0 => new AdminSubject { Namespaces = Sel(("env", Environments[a % 3])) },
            1 => new AdminSubject { Namespaces = Sel(("team", $"team-{random.Next(50)}")) },
            _ => new AdminSubject { PodNamespaces = LabelSelector.Everything, Pods = Sel(("tier", Tiers[random.Next(Tiers.Length)])) },
        };
        AdminRule Rule(int r) => new()
        {
            Name = $"rule-{r}",
            Action = (AdminRuleAction)random.Next(3),
            Peers = [new AdminSubject { Namespaces = Sel(("team", $"team-{random.Next(50)}")) }],
            Ports = r % 2 == 0 ? [new AdminPort { Port = 8080 + random.Next(3) }] : [new AdminPort { NamedPort = "metrics" }],
        };
        return new AdminNetworkPolicy
        {
            Metadata = new ObjectMeta { Name = $"anp-{a:D3}" },
            Priority = a,
            Subject = subject,
            Ingress = [Rule(0), Rule(1), Rule(2)],
            Egress = [Rule(3), new AdminRule { Name = "no-metadata", Action = AdminRuleAction.Deny, Networks = [IpPrefix.Parse("169.254.169.254/32")] }],
        };
    }

    private static LabelSelector Sel(params (string Key, string Value)[] labels) => new() { MatchLabels = Labels(labels) };

    private static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
}
