using System.Text.Json;
using Weft.Local.Daemon;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Services;

namespace Weft.Local.Tests.Flows;

/// <summary>
/// Privileged end-to-end tests of flows in a real local cluster (needs root): traffic from pods through
/// <c>weft exec … weft app probe</c>, read back with <c>weft observe -o json</c> and turned into policies with
/// <c>weft policy generate --from-flows</c>.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class FlowTests
{
    [Fact]
    public async Task Observe_PodAndServiceTraffic_ShowsForwardedFlows_AndEachFilterSelectsExactlyTheMatchingFlows()
    {
        await using var cluster = new LocalClusterFixture();
        var (alpha, _, webs) = await UpAsync(cluster);
        var remote = webs.First(w => w.Node != alpha.Node);
        var alphaShell = new PodShell(cluster, "alpha", FlowManifests.Namespace);
        var betaShell = new PodShell(cluster, "beta", FlowManifests.Namespace);

        (await alphaShell.ProbeAsync("tcp", $"{remote.Ip}:80")).ExitCode.ShouldBe(0);
        (await alphaShell.ProbeAsync("udp", $"{remote.Ip}:81")).ExitCode.ShouldBe(0);
        (await betaShell.ProbeAsync("http", "web.flows.svc.cluster.local:80")).ExitCode.ShouldBe(0);

        // Pod to pod across nodes: recorded on both nodes, egress where alpha lives, ingress where the backend does.
        IReadOnlyList<ObservedFlow> all = [];
        await PodShell.EventuallyAsync(async () =>
        {
            all = await ObserveAsync(cluster);
            return all.Any(f => f.SourcePod == "flows/beta" && f.ServiceName == "flows/web");
        }, "the service flow in weft observe");
        var tcp = all.Where(f => f.SourcePod == "flows/alpha" && f.DestinationPod == $"flows/{remote.Name}" && f.DestinationPort == 80
            && f.Protocol == "TCP" && f.Type == "connection-start").ToList();
        tcp.ShouldAllBe(f => f.Verdict == "FORWARDED");
        tcp.ShouldContain(f => f.Node == alpha.Node && f.Direction == "egress", string.Join('\n', all));
        tcp.ShouldContain(f => f.Node == remote.Node && f.Direction == "ingress", string.Join('\n', all));
        all.ShouldContain(f => f.SourcePod == "flows/alpha" && f.DestinationPod == $"flows/{remote.Name}" && f.DestinationPort == 81
            && f.Protocol == "UDP" && f.Verdict == "FORWARDED");

        // Through the service: the flow names the service and the backend the datapath chose.
        var viaService = all.First(f => f.SourcePod == "flows/beta" && f.ServiceName == "flows/web");
        viaService.ServicePort.ShouldBe(80);
        viaService.DestinationPod.ShouldNotBeNull().ShouldStartWith("flows/web-");
        viaService.BackendIp.ShouldBe(viaService.DestinationIp);
        viaService.DestinationPort.ShouldBe(80);

        // Each filter: every returned flow matches, and every matching flow seen before is returned.
        await FilterSelectsExactlyAsync(cluster, all, ["--from-pod", "flows/alpha"], f => f.SourcePod == "flows/alpha");
        await FilterSelectsExactlyAsync(cluster, all, ["--to-pod", $"flows/{remote.Name}"], f => f.DestinationPod == $"flows/{remote.Name}");
        await FilterSelectsExactlyAsync(cluster, all, ["--namespace", "flows"], f => f.Touches("flows"));
        await FilterSelectsExactlyAsync(cluster, all, ["--port", "81"], f => f.DestinationPort == 81 || f.ServicePort == 81);
        await FilterSelectsExactlyAsync(cluster, all, ["--protocol", "udp"], f => f.Protocol == "UDP");
        await FilterSelectsExactlyAsync(cluster, all, ["--verdict", "FORWARDED"], f => f.Verdict == "FORWARDED");
        await FilterSelectsExactlyAsync(cluster, all, ["--since", "1h"], _ => true);
        await FilterSelectsExactlyAsync(
            cluster, all, ["--from-pod", "flows/alpha", "--protocol", "TCP", "--port", "80"],
            f => f.SourcePod == "flows/alpha" && f.Protocol == "TCP" && (f.DestinationPort == 80 || f.ServicePort == 80));
        (await ObserveAsync(cluster, "--namespace", "elsewhere")).ShouldBeEmpty();
        (await ObserveAsync(cluster, "--verdict", "DROPPED")).ShouldBeEmpty("no policy drops anything in this cluster");

        // --last N: the newest N of the same query.
        await PodShell.EventuallyAsync(async () =>
        {
            var full = await ObserveAsync(cluster, "--from-pod", "flows/alpha");
            var last = await ObserveAsync(cluster, "--from-pod", "flows/alpha", "--last", "2");
            return last.Count == 2 && last.Select(f => f.Line).SequenceEqual(full.TakeLast(2).Select(f => f.Line));
        }, "--last 2 gives the newest two flows");

        // -f: a follower keeps running and prints new matching traffic as it happens.
        using (var follower = new FollowedObserve(cluster, "--from-pod", "flows/beta", "--since", "1s"))
        {
            await PodShell.EventuallyAsync(async () =>
            {
                (await betaShell.ProbeAsync("tcp", $"{remote.Ip}:80")).ExitCode.ShouldBe(0);
                return follower.Flows.Any(f => f.DestinationPod == $"flows/{remote.Name}" && f.DestinationPort == 80);
            }, "a followed flow from beta");
            follower.HasExited.ShouldBeFalse("a follow keeps running");
            follower.Flows.ShouldAllBe(f => f.SourcePod == "flows/beta");
        }

        // The readable form names pods, ports and the verdict.
        var compact = await cluster.RunAsync("observe", "--from-pod", "flows/alpha", "--protocol", "udp");
        compact.ExitCode.ShouldBe(0, compact.ToString());
        compact.Stdout.ShouldContain($"flows/alpha:");
        compact.Stdout.ShouldContain($"-> flows/{remote.Name}:81");
        compact.Stdout.ShouldContain("udp FORWARDED");
    }

    [Fact]
    public async Task GenerateFromFlows_AppliedPolicies_AllowTheObservedPairsAndDenyTheUnobserved()
    {
        await using var cluster = new LocalClusterFixture();
        var (_, _, webs) = await UpAsync(cluster);
        var alphaShell = new PodShell(cluster, "alpha", FlowManifests.Namespace);
        foreach (var web in webs)
        {
            (await alphaShell.ProbeAsync("tcp", $"{web.Ip}:80")).ExitCode.ShouldBe(0);
        }

        (await alphaShell.ProbeAsync("http", "web.flows.svc.cluster.local:80")).ExitCode.ShouldBe(0);
        await PodShell.EventuallyAsync(
            async () => (await ObserveAsync(cluster, "--from-pod", "flows/alpha", "--port", "80")).Count >= webs.Count,
            "alpha's flows recorded");

        var generated = await WeftCli.RunAsync(
            cluster.Environment, "policy", "generate", "--cluster", cluster.Name, "--from-flows", "-n", "flows", "-o", "yaml");
        generated.ExitCode.ShouldBe(0, generated.ToString());
        generated.Stdout.ShouldContain("name: web-ingress");
        generated.Stdout.ShouldContain("name: alpha-egress");
        generated.Stdout.ShouldContain("policy.weft.io/generated: from-flows");
        var policies = Cluster.Manifests.Write(generated.Stdout);
        var apply = await cluster.RunAsync("apply", "-f", policies);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        apply.Stdout.ShouldContain("networkpolicy/flows/web-ingress created");

        // The policy engine (the semantics the datapath enforces) on the cluster's manifests plus the generated set.
        var workloads = Cluster.Manifests.Write(FlowManifests.Demo);
        var tcp80 = await MatrixAsync(workloads, policies, "80", "TCP");
        foreach (var web in webs)
        {
            tcp80["flows/alpha"][$"flows/{web.Name}"].ShouldBeTrue($"observed: alpha -> {web.Name}:80");
            tcp80["flows/beta"][$"flows/{web.Name}"].ShouldBeFalse($"unobserved: beta -> {web.Name}:80");
        }

        tcp80["flows/alpha"]["flows/beta"].ShouldBeFalse("unobserved: alpha -> beta");
        var udp81 = await MatrixAsync(workloads, policies, "81", "UDP");
        udp81["flows/alpha"][$"flows/{webs[0].Name}"].ShouldBeFalse("unobserved port: alpha -> web UDP/81");

        // Observed traffic still flows after the apply (kernel enforcement is the policy datapath's part).
        (await alphaShell.ProbeAsync("tcp", $"{webs[0].Ip}:80")).ExitCode.ShouldBe(0);
    }

    private static async Task<(PodView Alpha, PodView Beta, IReadOnlyList<PodView> Webs)> UpAsync(LocalClusterFixture cluster)
    {
        var up = await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(FlowManifests.Demo));
        up.ExitCode.ShouldBe(0, up.ToString());
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready));
        var webs = pods.Where(p => p.Name.StartsWith("web-", StringComparison.Ordinal)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        webs.Select(w => w.Node).Distinct().Count().ShouldBe(2, "the two web pods are spread over both nodes");
        return (pods.Single(p => p.Name == "alpha"), pods.Single(p => p.Name == "beta"), webs);
    }

    private static Task<IReadOnlyList<ObservedFlow>> ObserveAsync(LocalClusterFixture cluster, params string[] filters) =>
        ObservedFlow.ObserveAsync(cluster, filters);

    private static async Task FilterSelectsExactlyAsync(
        LocalClusterFixture cluster, IReadOnlyList<ObservedFlow> before, string[] filter, Func<ObservedFlow, bool> matches)
    {
        var selected = await ObserveAsync(cluster, filter);
        var what = string.Join(' ', filter);
        selected.ShouldNotBeEmpty(what);
        selected.ShouldAllBe(f => matches(f), what);
        var lines = selected.Select(f => f.Line).ToHashSet(StringComparer.Ordinal);
        foreach (var flow in before.Where(matches))
        {
            lines.ShouldContain(flow.Line, $"{what}: a matching flow is missing");
        }
    }

    private static async Task<Dictionary<string, Dictionary<string, bool>>> MatrixAsync(string workloads, string policies, string port, string protocol)
    {
        var matrix = await WeftCli.RunAsync(
            new Dictionary<string, string>(), "policy", "matrix", "-f", workloads, "-f", policies, "--port", port, "--protocol", protocol, "-o", "json");
        matrix.ExitCode.ShouldBe(0, matrix.ToString());
        using var json = JsonDocument.Parse(matrix.Stdout);
        return json.RootElement.GetProperty("allowed").EnumerateObject().ToDictionary(
            row => row.Name,
            row => row.Value.EnumerateObject().ToDictionary(cell => cell.Name, cell => cell.Value.GetBoolean()));
    }
}
