using System.Diagnostics;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Services;

namespace Weft.Local.Tests.Mesh;

/// <summary>
/// Privileged end-to-end tests of the mesh inside a real local cluster (needs root): sidecar injection, the redirect
/// rules in the pod namespace, certificates from the daemon's CA by CSR and pod token, traffic through both proxies,
/// golden metrics checked by promtool.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed partial class MeshTests
{
    [Fact]
    public async Task Mesh_AnnotatedNamespace_InjectsProxiesThatCarryTrafficAndHoldCertificates()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Demo));
        up.ExitCode.ShouldBe(0, up.ToString());
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready), TimeSpan.FromSeconds(90));
        var servers = pods.Where(p => p.Name.StartsWith("server-", StringComparison.Ordinal)).ToList();
        var client = new PodShell(cluster, "client", MeshManifests.Namespace);
        var plain = new PodShell(cluster, "plain", MeshManifests.Namespace);

        // Injection: the proxy container beside the app in meshed pods only, the redirect table in their namespaces.
        pods.Single(p => p.Name == "client").Containers.Select(c => c.Name).ShouldContain("weft-proxy");
        pods.Single(p => p.Name == "plain").Containers.Select(c => c.Name).ShouldNotContain("weft-proxy");
        (await client.RunAsync("nft", "list", "table", "inet", "weft_mesh")).Stdout.ShouldContain("redirect to :4140");
        (await plain.RunAsync("nft", "list", "tables")).Stdout.ShouldNotContain("weft_mesh");

        // Identity: each proxy got a certificate for its pod's service account from the daemon's CA (key 0600).
        var caKey = Path.Combine(cluster.StateRoot, cluster.Name, "mesh-ca", "ca.key");
        File.Exists(caKey).ShouldBeTrue(caKey);
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(caKey).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var clientCert = await CertificateAsync(cluster, "client");
        clientCert.ShouldContain("spiffe://cluster.local/ns/meshed/sa/client");
        (await CertificateAsync(cluster, servers[0].Name)).ShouldContain("spiffe://cluster.local/ns/meshed/sa/server");

        // The proxy program: the published lean weft-proxy when the runner names one (test.sh does), the CLI otherwise.
        var proxyLog = await File.ReadAllTextAsync(Path.Combine(cluster.StateRoot, cluster.Name, "pods", $"{MeshManifests.Namespace}_client", "weft-proxy.log"));
        var lean = Environment.GetEnvironmentVariable("WEFT_PROXY_BINARY") is { Length: > 0 } binary && File.Exists(binary);
        proxyLog.ShouldContain(lean ? "weft: sidecar runs the lean weft-proxy" : "weft: sidecar runs the CLI", customMessage: proxyLog);

        // Traffic from the meshed client by service name and pod IP goes through both proxies.
        const int sent = 10;
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://server")).ExitCode == 0, "curl from the meshed client");
        var before = await InboundRequestsAsync(cluster, servers);
        for (var i = 0; i < sent; i++)
        {
            var reply = await client.CurlAsync("http://server");
            reply.ExitCode.ShouldBe(0, reply.ToString());
            reply.Stdout.ShouldContain("pod=server-");
        }

        (await InboundRequestsAsync(cluster, servers)).ShouldBe(before + sent);
        var clientMetrics = await MetricsAsync(cluster, "client");
        Sum(clientMetrics, "request_total", "direction=\"outbound\"").ShouldBeGreaterThanOrEqualTo(sent);

        // mTLS between the proxies: the server proxies saw the client's SPIFFE identity, proven by its certificate.
        var fromClient = await InboundRequestsAsync(cluster, servers, "src_id=\"spiffe://cluster.local/ns/meshed/sa/client\"");
        fromClient.ShouldBeGreaterThanOrEqualTo(sent);
        Sum(clientMetrics, "tls_handshake_total", "result=\"success\"").ShouldBeGreaterThan(0);

        // A plaintext client in an unmeshed pod talking straight to a server pod's app port is redirected too.
        var plainBefore = await InboundRequestsAsync(cluster, servers, "src_id=\"\"");
        (await plain.CurlAsync($"http://{servers[0].Ip}:8080")).ExitCode.ShouldBe(0);
        (await InboundRequestsAsync(cluster, servers, "src_id=\"\"")).ShouldBe(plainBefore + 1, "no identity for the plaintext client");
        (await InboundRequestsAsync(cluster, servers, "src_id=\"spiffe://cluster.local/ns/meshed/sa/client\"")).ShouldBe(fromClient);

        // weft check: CA valid, every proxy ready, certificates fresh and chaining to the CA.
        var check = await WeftCli.RunAsync(cluster.Environment, "check", "--cluster", cluster.Name);
        check.ExitCode.ShouldBe(0, check.ToString());
        check.Stdout.ShouldContain("✔ meshed/client: proxy ready");
        check.Stdout.ShouldContain("✔ meshed/client: certificate for spiffe://cluster.local/ns/meshed/sa/client chains to the trust root");
        check.Stdout.ShouldNotContain("✖");

        // weft stat: the requests sent during its window, per deployment, all successful.
        var stat = WeftCli.RunAsync(cluster.Environment, "stat", "-n", "meshed", "--window", "4", "--cluster", cluster.Name);
        for (var i = 0; i < sent; i++)
        {
            (await client.CurlAsync("http://server")).ExitCode.ShouldBe(0);
        }

        var statResult = await stat;
        statResult.ExitCode.ShouldBe(0, statResult.ToString());
        statResult.Stdout.ShouldMatch(@"meshed\s+server\s+2/2\s+100\.00%\s+\d+\.\d\s+[\d.]+ms");
        statResult.Stdout.ShouldMatch(@"meshed\s+plain\s+0/1\s+-");

        // A killed endpoint (app and proxy of one server pod) is routed around: every request still succeeds.
        foreach (var pid in servers[1].Containers.Select(c => c.Pid).OfType<int>())
        {
            (await RunAsync("kill", "-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode.ShouldBe(0);
        }

        for (var i = 0; i < sent; i++)
        {
            var reply = await client.CurlAsync("http://server");
            reply.ExitCode.ShouldBe(0, reply.ToString());
            reply.Stdout.ShouldContain("pod=server-", Case.Sensitive, $"request {i} after killing {servers[1].Name}: {reply.Stdout}");
        }

        // The metrics are valid exposition text.
        var file = Path.Combine(cluster.StateRoot, "metrics.txt");
        await File.WriteAllTextAsync(file, clientMetrics);
        var promtool = await RunAsync("sh", "-c", $"promtool check metrics < {file}");
        promtool.ExitCode.ShouldBe(0, promtool.Output);
    }

    [Fact]
    public async Task Mesh_CertificateRotation_DropsNoRequests()
    {
        // 80 s leaves (issued 60 s back for clock skew) renew at half-life: every 10 s.
        await using var cluster = new LocalClusterFixture(new Dictionary<string, string> { ["WEFT_MESH_CERT_VALIDITY"] = "80" });
        (await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Demo))).ExitCode.ShouldBe(0);
        await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready), TimeSpan.FromSeconds(90));
        var client = new PodShell(cluster, "client", MeshManifests.Namespace);
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://server")).ExitCode == 0, "curl from the meshed client");
        var serials = new HashSet<string> { await SerialAsync(cluster, "client") };
        var requests = 0;
        var stopwatch = Stopwatch.StartNew();
        while (serials.Count < 3 && stopwatch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var reply = await client.CurlAsync("http://server");
            reply.ExitCode.ShouldBe(0, $"request {requests} failed during rotation: {reply}");
            reply.Stdout.ShouldContain("pod=server-");
            requests++;
            serials.Add(await SerialAsync(cluster, "client"));
        }

        serials.Count.ShouldBeGreaterThanOrEqualTo(3, "the client proxy rotated its certificate twice");
        requests.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Mesh_CsrEndpoint_RefusesUnknownTokens()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Demo))).ExitCode.ShouldBe(0);
        var socket = Path.Combine(cluster.StateRoot, cluster.Name, "weft.sock");
        var csr = Path.Combine(cluster.StateRoot, "csr.der");
        var key = Path.Combine(cluster.StateRoot, "csr.key");
        (await RunAsync("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
            "-subj", "/O=weft", "-addext", "subjectAltName=URI:spiffe://cluster.local/ns/meshed/sa/server", "-outform", "DER", "-out", csr)).ExitCode.ShouldBe(0);
        var refused = await RunAsync("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socket,
            "-H", "Authorization: Bearer 00", "--data-binary", "@" + csr, "http://weft/v1/mesh/csr");
        refused.Output.Trim().ShouldBe("403");
        (await RunAsync("curl", "-s", "--unix-socket", socket, "http://weft/v1/mesh/root")).Output.ShouldContain("BEGIN CERTIFICATE");
    }

    internal static async Task<string> CertificateAsync(LocalClusterFixture cluster, string pod)
    {
        var path = Path.Combine(cluster.StateRoot, cluster.Name, "pods", $"{MeshManifests.Namespace}_{pod}", "mesh-cert.pem");
        var text = await RunAsync("openssl", "x509", "-in", path, "-noout", "-ext", "subjectAltName");
        return text.Output;
    }

    private static async Task<string> SerialAsync(LocalClusterFixture cluster, string pod)
    {
        var path = Path.Combine(cluster.StateRoot, cluster.Name, "pods", $"{MeshManifests.Namespace}_{pod}", "mesh-cert.pem");
        var output = (await RunAsync("openssl", "x509", "-in", path, "-noout", "-serial")).Output.Trim();
        output.ShouldStartWith("serial=");
        return output;
    }

    internal static async Task<string> MetricsAsync(LocalClusterFixture cluster, string pod)
    {
        var result = await new PodShell(cluster, pod, MeshManifests.Namespace).CurlAsync("http://127.0.0.1:4191/metrics");
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Stdout;
    }

    private static async Task<long> InboundRequestsAsync(LocalClusterFixture cluster, IEnumerable<Weft.Local.Daemon.PodView> servers, string label = "")
    {
        long total = 0;
        foreach (var server in servers)
        {
            var metrics = await MetricsAsync(cluster, server.Name);
            total += metrics.Split('\n').Where(l => l.Contains(label, StringComparison.Ordinal)).Sum(l => Sum(l, "request_total", "direction=\"inbound\""));
        }

        return total;
    }

    internal static long Sum(string metrics, string name, string labelContains) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(labelContains, StringComparison.Ordinal))
            .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
