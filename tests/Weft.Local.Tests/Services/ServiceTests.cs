using System.Text.Json;
using Weft.Local.Tests.Cluster;

namespace Weft.Local.Tests.Services;

/// <summary>
/// Privileged end-to-end tests of services and cluster DNS inside a real local cluster (needs root): real curl
/// and dig from pods through <c>weft exec</c>, NodePort from the underlay namespace. Each test builds one cluster
/// and checks several behaviours on it, to keep the run short.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class ServiceTests
{
    [Fact]
    public async Task Services_ReachableByClusterIpNameAndNodePort_AndDnsAnswersToTheSpec()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(ServiceManifests.Demo(3)));
        up.ExitCode.ShouldBe(0, up.ToString());
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready));
        var webPods = pods.Where(p => p.Name.StartsWith("web-", StringComparison.Ordinal)).ToList();
        var client = new PodShell(cluster, "client");
        var webIp = await ClusterIpAsync(cluster, "web");

        // By ClusterIP, by name (qualified and short via the search path); a backend answers.
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync($"http://{webIp}")).ExitCode == 0, "curl to the web ClusterIP");
        foreach (var url in new[] { $"http://{webIp}", "http://web.demo", "http://web.demo.svc.cluster.local", "http://web" })
        {
            var reply = await client.CurlAsync(url);
            reply.ExitCode.ShouldBe(0, $"{url}: {reply}");
            webPods.Select(p => p.Name).ShouldContain(PodShell.EchoPod(reply.Stdout), $"{url} reached a web pod: {reply.Stdout}");
        }

        (await client.ProbeAsync("http", "web.demo.svc.cluster.local:80")).ExitCode.ShouldBe(0);
        var udp = await client.ProbeAsync("udp", $"{webIp}:81");
        udp.ExitCode.ShouldBe(0, "UDP through the ClusterIP: " + udp);

        // NodePort from outside the nodes (the underlay namespace) and from a pod to another node's address.
        foreach (var node in new[] { "172.31.0.2", "172.31.0.3" })
        {
            var outside = await RunAsync("ip", "netns", "exec", $"{cluster.Prefix}underlay", "curl", "-s", "--max-time", "3", $"http://{node}:{ServiceManifests.NodePort}");
            outside.ExitCode.ShouldBe(0, $"NodePort on {node} from the underlay: {outside}");
            outside.Stdout.ShouldContain("pod=web-");
        }

        (await client.CurlAsync($"http://172.31.0.3:{ServiceManifests.NodePort}")).Stdout.ShouldContain("pod=web-");

        // DNS: headless A per ready endpoint, SRV for the named port, ExternalName CNAME, NXDOMAIN, PTR.
        var headless = await client.DigShortAsync("web-headless.demo.svc.cluster.local", "A");
        headless.Order().ShouldBe(webPods.Select(p => p.Ip!).Order());
        var srv = await client.DigShortAsync("_http._tcp.web.demo.svc.cluster.local", "SRV");
        srv.ShouldBe(["0 100 80 web.demo.svc.cluster.local."]);
        (await client.DigShortAsync("_http._tcp.web-headless.demo.svc.cluster.local", "SRV")).Count.ShouldBe(3);
        (await client.DigShortAsync("ext.demo.svc.cluster.local", "CNAME")).ShouldBe(["example.org."]);
        (await client.DigAsync("nothing.demo.svc.cluster.local")).ShouldContain("status: NXDOMAIN");
        (await client.DigAsync("example.org")).ShouldContain("status: REFUSED", Case.Sensitive, "no forwarding outside the cluster zone");
        (await client.DigShortAsync("-x", webIp)).ShouldBe(["web.demo.svc.cluster.local."]);

        // A clusterIP conflict rejects the whole change (exit 2, file:line:column) and nothing changes.
        var before = await cluster.RunAsync("get", "svc", "-n", "demo", "-o", "json");
        var conflict = await cluster.RunAsync("apply", "-f", Cluster.Manifests.Write(ServiceManifests.Conflict(webIp)));
        conflict.ExitCode.ShouldBe(2, conflict.ToString());
        conflict.Stderr.ShouldMatch($@"manifest\.yaml:\d+:\d+: spec\.clusterIP: provided IP {webIp.Replace(".", @"\.", StringComparison.Ordinal)} is already allocated to service demo/web");
        (await cluster.RunAsync("get", "svc", "-n", "demo", "-o", "json")).Stdout.ShouldBe(before.Stdout);
        (await cluster.PodsAsync()).ShouldNotContain(p => p.Name == "bystander", "the valid pod in the rejected change was not created either");

        var table = await cluster.RunAsync("get", "svc", "-n", "demo");
        table.Stdout.ShouldContain("NAME           TYPE           CLUSTER-IP");
        table.Stdout.ShouldContain($"80:{ServiceManifests.NodePort}/TCP");
        (await cluster.RunAsync("get", "eps", "-A")).Stdout.ShouldContain("web-headless-");
    }

    [Fact]
    public async Task Services_AffinityReadinessAndScaleDown_FollowThePods()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(ServiceManifests.Demo(3)))).ExitCode.ShouldBe(0);
        await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready));
        var client = new PodShell(cluster, "client");
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://web.demo")).ExitCode == 0, "curl to web.demo");

        // ClientIP affinity: every request from the client lands on the same backend.
        var sticky = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            sticky.Add(PodShell.EchoPod((await client.CurlAsync("http://sticky.demo")).Stdout));
        }

        sticky.ShouldAllBe(p => p != null && p == sticky[0], string.Join(",", sticky));

        // A deleted service leaves DNS; the others keep their addresses (web would get sticky's lower one if
        // allocations were recomputed from scratch).
        var webIp = await ClusterIpAsync(cluster, "web");
        (await cluster.RunAsync("delete", "-f", Cluster.Manifests.Write(ServiceManifests.Sticky))).ExitCode.ShouldBe(0);
        await PodShell.EventuallyAsync(async () => (await client.DigAsync("sticky.demo.svc.cluster.local")).Contains("status: NXDOMAIN", StringComparison.Ordinal), "sticky leaves DNS");

        // A pod whose readiness probe fails is selected, listed not ready, and never a backend.
        (await cluster.RunAsync("apply", "-f", Cluster.Manifests.Write(ServiceManifests.Unready))).ExitCode.ShouldBe(0);
        var unready = (await cluster.WaitForPodsAsync(p => p.Any(x => x.Name == "unready" && x.Phase == "Running"))).Single(p => p.Name == "unready");
        await PodShell.EventuallyAsync(
            async () => (await cluster.RunAsync("get", "eps", "-n", "demo", "-o", "json")).Stdout.Contains(unready.Ip!, StringComparison.Ordinal),
            "the unready pod listed in the EndpointSlices");
        var slices = JsonDocument.Parse((await cluster.RunAsync("get", "eps", "-n", "demo", "-o", "json")).Stdout);
        var endpoint = slices.RootElement.GetProperty("items").EnumerateArray()
            .First(s => s.GetProperty("metadata").GetProperty("name").GetString()!.StartsWith("web-", StringComparison.Ordinal)
                && !s.GetProperty("metadata").GetProperty("name").GetString()!.StartsWith("web-np", StringComparison.Ordinal)
                && !s.GetProperty("metadata").GetProperty("name").GetString()!.StartsWith("web-headless", StringComparison.Ordinal))
            .GetProperty("endpoints").EnumerateArray()
            .Single(e => e.GetProperty("addresses")[0].GetString() == unready.Ip);
        endpoint.GetProperty("conditions").GetProperty("ready").GetBoolean().ShouldBeFalse();
        for (var i = 0; i < 12; i++)
        {
            PodShell.EchoPod((await client.CurlAsync("http://web.demo")).Stdout).ShouldNotBe("unready");
        }

        (await client.DigShortAsync("web-headless.demo.svc.cluster.local")).ShouldNotContain(unready.Ip!);

        // Scale down: removed pods leave DNS and the datapath.
        (await cluster.RunAsync("apply", "-f", Cluster.Manifests.Write(ServiceManifests.Web(1)))).ExitCode.ShouldBe(0);
        var remaining = (await cluster.WaitForPodsAsync(p => p.Count(x => x.Name.StartsWith("web-", StringComparison.Ordinal)) == 1))
            .Single(p => p.Name.StartsWith("web-", StringComparison.Ordinal));
        await PodShell.EventuallyAsync(
            async () => (await client.DigShortAsync("web-headless.demo.svc.cluster.local")) is [var only] && only == remaining.Ip,
            "the headless service answers only the remaining pod");
        for (var i = 0; i < 10; i++)
        {
            var reply = await client.CurlAsync("http://web.demo");
            reply.ExitCode.ShouldBe(0, reply.ToString());
            PodShell.EchoPod(reply.Stdout).ShouldBe(remaining.Name);
        }

        // A crashed daemon is restarted by weft up; services keep their cluster IPs and work again. (The unready
        // pod goes first: weft up waits for every pod to be ready.)
        (await cluster.RunAsync("delete", "-f", Cluster.Manifests.Write(ServiceManifests.Unready))).ExitCode.ShouldBe(0);
        var daemonPid = int.Parse(File.ReadAllText(Path.Combine(cluster.StateRoot, cluster.Name, "daemon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        System.Diagnostics.Process.GetProcessById(daemonPid).Kill();
        var repair = await cluster.RunAsync("up");
        repair.ExitCode.ShouldBe(0, repair.ToString());
        await cluster.WaitForPodsAsync(p => p.Count == 2 && p.All(x => x.Ready));
        (await ClusterIpAsync(cluster, "web")).ShouldBe(webIp);
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://web.demo")).Stdout.Contains("pod=web-", StringComparison.Ordinal), "web.demo after the daemon restart");
    }

    [Fact]
    public async Task Shop_FrontendReachesCartAndPostgresByServiceName()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Path.Combine(RepositoryRoot(), "examples", "shop"));
        up.ExitCode.ShouldBe(0, up.ToString());
        var frontend = (await cluster.WaitForPodsAsync(p => p.Count > 0 && p.All(x => x.Ready)))
            .First(p => p.Namespace == "shop" && p.Name.StartsWith("frontend-", StringComparison.Ordinal));
        var shell = new PodShell(cluster, frontend.Name, "shop");

        await PodShell.EventuallyAsync(async () => (await shell.CurlAsync("http://cart.shop")).Stdout.Contains("pod=cart-", StringComparison.Ordinal), "frontend → http://cart.shop");
        (await shell.CurlAsync("http://postgres.data:5432")).Stdout.ShouldContain("pod=postgres-");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Weft.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("no Weft.slnx above " + AppContext.BaseDirectory);
    }

    private static async Task<string> ClusterIpAsync(LocalClusterFixture cluster, string service)
    {
        var json = await cluster.RunAsync("get", "svc", "-n", "demo", "-o", "json");
        json.ExitCode.ShouldBe(0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        return document.RootElement.GetProperty("items").EnumerateArray()
            .Single(s => s.GetProperty("metadata").GetProperty("name").GetString() == service)
            .GetProperty("spec").GetProperty("clusterIP").GetString()!;
    }

    private static async Task<CliResult> RunAsync(string file, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
