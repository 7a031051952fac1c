using System.Globalization;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Services;

namespace Weft.Local.Tests.Mesh;

/// <summary>The members watch (pushed endpoints, proxies outliving the daemon) and raw TCP over mTLS, in a real cluster.</summary>
public sealed partial class MeshTests
{
    private const string ClientIdentity = "spiffe://cluster.local/ns/meshed/sa/client";

    [Fact]
    public async Task Mesh_RawTcpBetweenMeshedPods_TravelsInMutualTlsAndTheServerProxySeesTheClientIdentity()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Demo))).ExitCode.ShouldBe(0);
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready), TimeSpan.FromSeconds(90));
        var servers = pods.Where(p => p.Name.StartsWith("server-", StringComparison.Ordinal)).ToList();
        var client = new PodShell(cluster, "client", MeshManifests.Namespace);
        var handshakesBefore = await InboundHandshakesAsync(cluster, servers);

        // Raw TCP by service name from a shell, as an application would: the line comes back from a server pod.
        CliResult? reply = null;
        await PodShell.EventuallyAsync(async () =>
        {
            reply = await client.RunAsync("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/server/9000; echo hello-tcp >&3; head -n 1 <&3");
            return reply.ExitCode == 0;
        }, "raw TCP from the meshed client");
        reply!.Stdout.ShouldMatch(@"server-[\w-]+: hello-tcp");

        // The server proxy terminated mTLS for it and knows who the client is.
        (await InboundHandshakesAsync(cluster, servers)).ShouldBeGreaterThan(handshakesBefore);
        await PodShell.EventuallyAsync(
            async () => (await ProxyLogsAsync(cluster, servers.Select(s => s.Name))).Contains("opaque tcp over mtls from " + ClientIdentity, StringComparison.Ordinal),
            "the server proxy logs the client's SPIFFE ID for the TCP connection");
    }

    [Fact]
    public async Task Mesh_ScaledDeployment_ReachesProxiesThroughTheWatchAndProxiesKeepServingWithoutTheDaemon()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Demo))).ExitCode.ShouldBe(0);
        var before = (await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready), TimeSpan.FromSeconds(90))).Select(p => p.Name).ToHashSet();
        var client = new PodShell(cluster, "client", MeshManifests.Namespace);
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://server")).ExitCode == 0, "curl from the meshed client");
        var socket = Path.Combine(cluster.StateRoot, cluster.Name, "weft.sock");

        // A long poll held with the current tag answers when the deployment scales, not on an interval.
        var head = await RunAsync("curl", "-s", "-D", "-", "-o", "/dev/null", "--unix-socket", socket, "http://weft/v1/mesh/members");
        var tag = Header(head.Output, "ETag");
        var held = RunAsync("curl", "-s", "-i", "--max-time", "90", "--unix-socket", socket,
            "-H", "If-None-Match: " + tag, "-H", "Prefer: wait=60", "http://weft/v1/mesh/members");
        var deployment = MeshManifests.DemoWithServers(3).Split("\n---\n").Single(d => d.Contains("kind: Deployment", StringComparison.Ordinal));
        (await cluster.RunAsync("apply", "-f", Cluster.Manifests.Write(deployment))).ExitCode.ShouldBe(0);
        var pushed = await held;
        pushed.Output.ShouldStartWith("HTTP/1.1 200", Case.Sensitive, pushed.Output);
        Header(pushed.Output, "ETag").ShouldNotBe(tag);

        // The client's proxy balances onto the new pod as soon as it is ready.
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 5 && p.All(x => x.Ready), TimeSpan.FromSeconds(90));
        var added = pods.Single(p => !before.Contains(p.Name));
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://server")).Stdout.Contains("pod=" + added.Name, StringComparison.Ordinal), $"a request reaches {added.Name}");
        (await ProxyLogsAsync(cluster, ["client"])).ShouldContain("mesh members");

        // The daemon dies: the proxies keep their endpoints and certificates and go on serving (by ClusterIP: DNS is
        // served by the daemon's node agents).
        var clusterIp = (await client.DigShortAsync("server.meshed.svc.cluster.local")).Single();
        var daemonPid = int.Parse(File.ReadAllText(Path.Combine(cluster.StateRoot, cluster.Name, "daemon.pid")).Trim(), CultureInfo.InvariantCulture);
        (await RunAsync("kill", "-KILL", daemonPid.ToString(CultureInfo.InvariantCulture))).ExitCode.ShouldBe(0);
        await PodShell.EventuallyAsync(
            async () => (await ProxyLogsAsync(cluster, ["client"])).Contains("control plane unreachable", StringComparison.Ordinal),
            "the client proxy notices the daemon is gone");
        var servers = pods.Where(p => p.Name.StartsWith("server-", StringComparison.Ordinal)).ToList();
        var identified = await InboundRequestsAsync(cluster, servers, $"src_id=\"{ClientIdentity}\"");
        const int sent = 20;
        for (var i = 0; i < sent; i++)
        {
            var reply = await client.CurlAsync($"http://{clusterIp}");
            reply.ExitCode.ShouldBe(0, $"request {i} without the daemon: {reply}");
            reply.Stdout.ShouldContain("pod=server-");
        }

        // Had the proxy lost its view it would send plain to the ClusterIP; it still knows the endpoints are meshed
        // pods, so every request arrived over mTLS with the client's identity.
        (await InboundRequestsAsync(cluster, servers, $"src_id=\"{ClientIdentity}\"")).ShouldBe(identified + sent);
    }

    private static async Task<string> ProxyLogsAsync(LocalClusterFixture cluster, IEnumerable<string> pods)
    {
        var text = new System.Text.StringBuilder();
        foreach (var pod in pods)
        {
            var logs = await cluster.RunAsync("logs", pod, "-n", MeshManifests.Namespace, "-c", "weft-proxy");
            text.Append(logs.Stdout);
        }

        return text.ToString();
    }

    private static async Task<long> InboundHandshakesAsync(LocalClusterFixture cluster, IEnumerable<Weft.Local.Daemon.PodView> servers)
    {
        long total = 0;
        foreach (var server in servers)
        {
            total += Sum(await MetricsAsync(cluster, server.Name), "tls_handshake_total", "direction=\"inbound\",result=\"success\"");
        }

        return total;
    }

    private static string Header(string response, string name) =>
        response.Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();
}
