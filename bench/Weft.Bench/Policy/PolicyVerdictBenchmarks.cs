using System.Collections.Immutable;
using System.Net;
using BenchmarkDotNet.Attributes;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Policy;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;
using Weft.Policy.Inputs;

namespace Weft.Bench.Policy;

/// <summary>
/// Per-verdict cost and allocation of the compiled policy model (the full-scale harness is bench/policy/run.sh).
/// Run: <c>dotnet run -c Release --project bench/Weft.Bench -- --filter '*PolicyVerdict*'</c>.
/// </summary>
[MemoryDiagnoser]
public class PolicyVerdictBenchmarks
{
    private PolicyModel model = null!;
    private PolicyInput input = null!;
    private (int Source, int Destination)[] pairs = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var pods = ImmutableArray.CreateBuilder<Pod>();
        var policies = ImmutableArray.CreateBuilder<NetworkPolicy>();
        for (var n = 0; n < 100; n++)
        {
            var ns = $"ns-{n}";
            for (var p = 0; p < 50; p++)
            {
                var index = (n * 50) + p;
                pods.Add(new Pod
                {
                    Metadata = new ObjectMeta { Name = $"pod-{p}", Namespace = ns, Labels = Labels(("app", $"app-{p % 10}")) },
                    Spec = new PodSpec { Containers = [new Container { Name = "c", Ports = [new ContainerPort { Name = "http", Port = 8080 }] }] },
                    PodIPs = [new IPAddress([10, 0, (byte)(index >> 8), (byte)index])],
                });
            }

            policies.Add(new NetworkPolicy { Metadata = new ObjectMeta { Name = "deny", Namespace = ns }, PodSelector = LabelSelector.Everything });
            policies.Add(new NetworkPolicy
            {
                Metadata = new ObjectMeta { Name = "allow", Namespace = ns },
                PodSelector = Selector(("app", "app-1")),
                Ingress = [new NetworkPolicyRule { Peers = [new NetworkPolicyPeer { NamespaceSelector = LabelSelector.Everything, PodSelector = Selector(("app", "app-2")) }], Ports = [new NetworkPolicyPort { Port = IntOrString.FromName("http") }] }],
            });
        }

        var admin = Enumerable.Range(0, 20).Select(a => new AdminNetworkPolicy
        {
            Metadata = new ObjectMeta { Name = $"anp-{a}" },
            Priority = a,
            Subject = new AdminSubject { Namespaces = LabelSelector.Everything },
            Ingress = [new AdminRule { Action = (AdminRuleAction)(a % 3), Peers = [new AdminSubject { Namespaces = Selector(("kubernetes.io/metadata.name", $"ns-{a}")) }], Ports = [new AdminPort { Port = 8080 }] }],
        }).ToImmutableArray();
        input = new PolicyInput { Pods = pods.ToImmutable(), NetworkPolicies = policies.ToImmutable(), AdminNetworkPolicies = admin };
        model = PolicyCompiler.Compile(input);
        var random = new Random(1);
        pairs = [.. Enumerable.Range(0, 4096).Select(_ => (random.Next(model.Pods.Length), random.Next(model.Pods.Length)))];
    }

    [Benchmark]
    public bool IsAllowed()
    {
        var (source, destination) = pairs[next++ & 4095];
        return model.IsAllowed(source, destination, Protocol.Tcp, 8080);
    }

    [Benchmark]
    public Verdict CheckWithExplanation()
    {
        var (source, destination) = pairs[next++ & 4095];
        return model.Check(TrafficEndpoint.Pod(source), TrafficEndpoint.Pod(destination), Protocol.Tcp, 8080);
    }

    [Benchmark]
    public PolicyModel Compile5000Pods() => PolicyCompiler.Compile(input);

    private static LabelSelector Selector(params (string Key, string Value)[] labels) => new() { MatchLabels = Labels(labels) };

    private static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
}
