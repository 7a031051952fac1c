using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Weft.Agent;
using Weft.Agent.ControlPlane;
using Weft.Agent.Datapaths;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Netns;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Linux.Processes;
using Weft.Dns.Zone;
using Weft.Policy.Inputs;
using Weft.Services;
using AgentPolicyDatapath = Weft.Agent.Datapaths.PolicyDatapath;

namespace Weft.Bench.PolicyDatapath;

/// <summary>
/// Time from applying one policy change to its enforcement on every node. Real: the manifest parser, the daemon's
/// snapshot compile (<see cref="SnapshotCompiler"/>: services, DNS, policy models), four <see cref="NodeAgent"/>s
/// with their service and policy datapaths, each planning its own pods and committing with <c>nft -f</c> in its own
/// node namespace (<c>&lt;prefix&gt;-n1..4</c>, created by run.sh with one host veth per pod). Not included: the CLI's
/// start and the HTTP call to the daemon, and the daemon's 50 ms settle delay before it compiles.
/// Cluster: <c>pods</c> pods in 10 namespaces × 10 apps (100 identities), round-robin over the nodes, each
/// namespace default-deny for ingress plus one allow policy per app (from the next app, port http) and an
/// ipBlock allow: 120 NetworkPolicies. Each change flips one allow policy's port (8080 ↔ 9090), round robin.
/// </summary>
internal static class ApplyLatency
{
    private const int Nodes = 4;
    private const int Namespaces = 10;
    private const int Apps = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var prefix = args[0];
        var podCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var changes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var pods = Enumerable.Range(0, podCount).Select(Pod).ToImmutableArray();
        var hostInterfaces = Enumerable.Range(0, podCount).ToImmutableDictionary(i => pods[i].Key, i => $"wb{i}");
        var flipped = new bool[Namespaces * Apps];
        var desired = Parse(InitialManifest(flipped));

        var netns = new LinuxNetns(SystemProcessRunner.Instance);
        // NFT=process measures the `ip netns exec … nft -f -` fallback instead of libnftables in process.
        var nftRunner = Environment.GetEnvironmentVariable("NFT") == "process" ? SystemProcessRunner.Instance : null;
        var timings = new ConcurrentDictionary<string, (double Sync, double Nft)>();
        var agents = new List<NodeAgent>();
        for (var n = 1; n <= Nodes; n++)
        {
            var ns = $"{prefix}-n{n}";
            var nft = new TimedNftables(new NetnsNftables(ns, nftRunner));
            var policy = new TimedDatapath(new AgentPolicyDatapath($"node{n}", nft), nft, $"node{n}", timings);
            var agent = new NodeAgent(
                new NodeAgentOptions { NodeName = $"node{n}", Netns = NetnsRef.Named(ns), CheckInterval = TimeSpan.Zero },
                [new ServiceDatapath($"node{n}", new NetnsNftables(ns, nftRunner), new NetnsConntrack(ns)), policy],
                netns);
            await agent.StartAsync(CancellationToken.None);
            agents.Add(agent);
        }

        var serviceOptions = ServiceCompilerOptions.ForCidr(Weft.Api.Net.IpPrefix.Parse("10.96.0.0/16"));
        var dnsOptions = new ClusterDnsOptions();
        var snapshot = ClusterSnapshot.Empty;
        SnapshotInputs Inputs(PolicyInput policies) => new()
        {
            Pods = pods,
            Namespaces = [.. policies.Namespaces.Select(n => n.Metadata.Name)],
            Policies = policies,
            HostInterfaces = hostInterfaces,
        };

        var watch = Stopwatch.StartNew();
        snapshot = SnapshotCompiler.Compile(snapshot, Inputs(desired), serviceOptions, dnsOptions).Snapshot;
        var firstCompile = watch.Elapsed.TotalMilliseconds;
        await PublishAsync(agents, snapshot);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# initial: pods={podCount} nodes={Nodes} policies={desired.NetworkPolicies.Length} compile_ms={firstCompile:F0} full_sync_ms={watch.Elapsed.TotalMilliseconds - firstCompile:F0} (slowest node: sync {timings.Values.Max(t => t.Sync):F0} ms, nft {timings.Values.Max(t => t.Nft):F0} ms)"));

        Console.WriteLine($"# nft: {(nftRunner is null ? "libnftables in process" : "ip netns exec … nft -f - (process)")}");
        Console.WriteLine("change total_ms parse_ms compile_ms slowest_node_sync_ms slowest_node_plan_ms slowest_node_nft_ms");
        var totals = new List<double>();
        var parts = new List<(double Parse, double Compile, double Sync, double Plan, double Nft)>();
        for (var c = 0; c < changes + 3; c++)
        {
            var which = c % flipped.Length;
            flipped[which] = !flipped[which];
            timings.Clear();
            watch.Restart();
            // `weft apply -f one-policy.yaml`: parse, replace the policy in the desired state, compile, publish, wait for every node.
            var changed = Parse(AllowPolicy(which / Apps, which % Apps, flipped[which]));
            var parseMs = watch.Elapsed.TotalMilliseconds;
            var policy = changed.NetworkPolicies[0];
            desired = desired with { NetworkPolicies = [.. desired.NetworkPolicies.Select(p => p.Key == policy.Key ? policy : p)] };
            var result = SnapshotCompiler.Compile(snapshot, Inputs(desired), serviceOptions, dnsOptions);
            snapshot = result.Snapshot;
            var compileMs = watch.Elapsed.TotalMilliseconds - parseMs;
            await PublishAsync(agents, snapshot);
            var total = watch.Elapsed.TotalMilliseconds;
            var slowest = timings.Values.MaxBy(t => t.Sync);
            if (c < 3)
            {
                continue; // warm-up: JIT
            }

            totals.Add(total);
            parts.Add((parseMs, compileMs, slowest.Sync, slowest.Sync - slowest.Nft, slowest.Nft));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c - 3} {total:F1} {parseMs:F1} {compileMs:F1} {slowest.Sync:F1} {slowest.Sync - slowest.Nft:F1} {slowest.Nft:F1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# apply->enforced on all {Nodes} nodes, {totals.Count} changes: p50={Percentile(totals, 50):F1} ms p90={Percentile(totals, 90):F1} ms p99={Percentile(totals, 99):F1} ms max={totals.Max():F1} ms; medians: parse {Percentile([.. parts.Select(p => p.Parse)], 50):F1}, compile {Percentile([.. parts.Select(p => p.Compile)], 50):F1}, slowest node sync {Percentile([.. parts.Select(p => p.Sync)], 50):F1} (plan {Percentile([.. parts.Select(p => p.Plan)], 50):F1}, nft {Percentile([.. parts.Select(p => p.Nft)], 50):F1})"));
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }

        return 0;
    }

    /// <summary>In process, no kernel: where one node's sync spends its time after a one-policy change (plan, render, diff).</summary>
    public static int Profile(string[] args)
    {
        var podCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var pods = Enumerable.Range(0, podCount).Select(Pod).ToImmutableArray();
        var local = Enumerable.Range(0, podCount).Where(i => i % Nodes == 0)
            .Select(i => new Weft.Datapath.Policy.LocalPod(pods[i].Key, pods[i].PodIPs[0], $"wb{i}")).ToList();
        var flipped = new bool[Namespaces * Apps];
        var desired = Parse(InitialManifest(flipped)) with { Pods = pods };
        var models = Weft.Datapath.Policy.PolicyModels.Compile(new Weft.Datapath.Policy.PolicyDatapathInput { Policies = desired });
        var cache = new Weft.Datapath.Policy.PolicyPlanCache();
        var plan = Weft.Datapath.Policy.NodePolicyPlanner.Plan(models, local, cache);
        var ruleset = Weft.Datapath.Policy.PolicyRulesetBuilder.Build(plan);
        var samples = new List<(double Compile, double Plan, double Build, double Diff, int Ops)>();
        for (var c = 0; c < 40; c++)
        {
            var which = c % flipped.Length;
            flipped[which] = !flipped[which];
            var policy = Parse(AllowPolicy(which / Apps, which % Apps, flipped[which])).NetworkPolicies[0];
            desired = desired with { NetworkPolicies = [.. desired.NetworkPolicies.Select(p => p.Key == policy.Key ? policy : p)] };
            var watch = Stopwatch.StartNew();
            models = Weft.Datapath.Policy.PolicyModels.Compile(new Weft.Datapath.Policy.PolicyDatapathInput { Policies = desired }, models);
            var compile = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var previousPlan = plan;
            plan = Weft.Datapath.Policy.NodePolicyPlanner.Plan(models, local, cache);
            var planMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var next = Weft.Datapath.Policy.PolicyRulesetBuilder.Build(plan, (previousPlan, ruleset));
            var build = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var ops = Weft.Datapath.Nftables.NftTransactionPlanner.Incremental(ruleset, next).Operations.Length;
            samples.Add((compile, planMs, build, watch.Elapsed.TotalMilliseconds, ops));
            ruleset = next;
        }

        var warm = samples.Skip(5).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# one node ({local.Count} of {podCount} pods), one-policy change, median of {warm.Count}: policy compile {Percentile([.. warm.Select(s => s.Compile)], 50):F1} ms, plan {Percentile([.. warm.Select(s => s.Plan)], 50):F1} ms, render {Percentile([.. warm.Select(s => s.Build)], 50):F1} ms, diff {Percentile([.. warm.Select(s => s.Diff)], 50):F1} ms, ops {Percentile([.. warm.Select(s => (double)s.Ops)], 50):F0}; elements {plan.ElementCount}"));
        return 0;
    }

    private static async Task PublishAsync(List<NodeAgent> agents, ClusterSnapshot snapshot)
    {
        foreach (var agent in agents)
        {
            agent.Publish(snapshot);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Task.WhenAll(agents.Select(a => a.WhenSyncedAsync(snapshot.Revision, timeout.Token)));
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static PolicyInput Parse(string yaml)
    {
        var loaded = ManifestReader.Parse(yaml, "bench.yaml");
        if (loaded.HasErrors)
        {
            throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
        }

        return PolicyInput.FromResources(loaded.Resources);
    }

    private static Pod Pod(int i)
    {
        var node = (i % Nodes) + 1;
        var slot = i / Nodes;
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = $"p{i}",
                Namespace = $"team{i * Namespaces / 1000 % Namespaces}",
                Labels = ImmutableSortedDictionary<string, string>.Empty.Add("app", $"a{i / 10 % Apps}"),
            },
            Spec = new PodSpec
            {
                NodeName = $"node{node}",
                Containers = [new Container { Name = "c", Ports = [new ContainerPort { Name = "http", Port = 8080 }] }],
            },
            PodIPs = [IPAddress.Parse($"10.{64 + node}.{slot / 250}.{(slot % 250) + 2}")],
        };
    }

    private static string InitialManifest(bool[] flipped)
    {
        var text = new StringBuilder();
        for (var n = 0; n < Namespaces; n++)
        {
            text.Append(CultureInfo.InvariantCulture, $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team{n}\n  labels:\n    team: t{n}\n---\n");
            text.Append(CultureInfo.InvariantCulture, $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: team{n}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress]\n---\n");
            text.Append(CultureInfo.InvariantCulture, $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-office\n  namespace: team{n}\nspec:\n  podSelector:\n    matchLabels:\n      app: a0\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 192.168.{n}.0/24\n        except: [192.168.{n}.128/25]\n---\n");
            for (var a = 0; a < Apps; a++)
            {
                text.Append(AllowPolicy(n, a, flipped[(n * Apps) + a])).Append("---\n");
            }
        }

        return text.ToString();
    }

    private static string AllowPolicy(int ns, int app, bool flipped) => string.Create(CultureInfo.InvariantCulture,
        $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-a{app}\n  namespace: team{ns}\nspec:\n  podSelector:\n    matchLabels:\n      app: a{app}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: a{(app + 1) % Apps}\n    ports:\n    - port: {(flipped ? "9090" : "http")}\n");

    /// <summary>Measures the time of each nft transaction (the kernel part of a sync).</summary>
    private sealed class TimedNftables(Weft.Datapath.Ports.INftables inner) : Weft.Datapath.Ports.INftables
    {
        public double LastApplyMs { get; private set; }

        public async Task<Weft.Datapath.Ports.NftApplyResult> ApplyAsync(Weft.Datapath.Nftables.NftTransaction transaction, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var result = await inner.ApplyAsync(transaction, cancellationToken);
            LastApplyMs = watch.Elapsed.TotalMilliseconds;
            return result;
        }

        public Task<string?> ListTableAsync(Weft.Datapath.Nftables.NftTable table, CancellationToken cancellationToken) => inner.ListTableAsync(table, cancellationToken);
    }

    /// <summary>Measures the policy datapath's sync (plan + render + nft) on one node.</summary>
    private sealed class TimedDatapath(AgentPolicyDatapath inner, TimedNftables nft, string node, ConcurrentDictionary<string, (double Sync, double Nft)> timings) : INodeDatapath
    {
        public string Name => inner.Name;

        public async Task<NodeDatapathResult> SyncAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var before = nft.LastApplyMs;
            var result = await inner.SyncAsync(snapshot, cancellationToken);
            timings[node] = (watch.Elapsed.TotalMilliseconds, nft.LastApplyMs == before ? 0 : nft.LastApplyMs);
            return result;
        }

        public Task<bool> CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
    }
}
