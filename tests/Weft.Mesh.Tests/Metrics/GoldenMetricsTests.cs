using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Metrics;

public sealed partial class GoldenMetricsTests
{
    [Fact]
    public async Task Metrics_AfterTrafficThroughMtlsPair_PassPromtoolAndCountExactly()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        using var client = TestProxies.Http1Client();
        for (var i = 0; i < 3; i++) (await client.GetAsync(mesh.ClientProxy.Url())).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 2; i++) (await client.GetAsync(mesh.ClientProxy.Url("/status?code=503"))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using var admin = TestProxies.Http1Client();

        var inbound = await admin.GetStringAsync(mesh.ServerProxy.AdminUrl("/metrics"));
        var outbound = await admin.GetStringAsync(mesh.ClientProxy.AdminUrl("/metrics"));

        (await Promtool(inbound)).ShouldBe("", inbound);
        (await Promtool(outbound)).ShouldBe("", outbound);
        const string frontend = "spiffe://cluster.local/ns/shop/sa/frontend";
        const string cart = "spiffe://cluster.local/ns/shop/sa/cart";
        Sum(inbound, "request_total", "direction=\"inbound\"", $"src_id=\"{frontend}\"", $"dst_id=\"{cart}\"").ShouldBe(5);
        Sum(inbound, "response_total", "direction=\"inbound\"", "status_code=\"200\"", "classification=\"success\"").ShouldBe(3);
        Sum(inbound, "response_total", "direction=\"inbound\"", "status_code=\"503\"", "status_class=\"5xx\"", "classification=\"failure\"").ShouldBe(2);
        Sum(inbound, "response_latency_seconds_count", "direction=\"inbound\"").ShouldBe(5);
        Sum(inbound, "response_latency_seconds_bucket", "le=\"+Inf\"").ShouldBe(5);
        Sum(outbound, "request_total", "direction=\"outbound\"", $"src_id=\"{frontend}\"").ShouldBe(5);
        Sum(outbound, "tls_handshake_total", "direction=\"outbound\"", "result=\"success\"").ShouldBe(1);
        Sum(inbound, "tls_handshake_total", "direction=\"inbound\"", "result=\"success\"").ShouldBe(1);
        Sum(inbound, "tcp_open_total", "direction=\"inbound\"", "tls=\"true\"").ShouldBe(1);
    }

    [Fact]
    public async Task Metrics_AfterOpaqueStreamsAndTlsPassthrough_PassPromtoolAndCountPerIdentity()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.EchoOneLine();
        using var appCert = pki.Issue(Weft.Mesh.Identity.SpiffeId.ForWorkload("cluster.local", "shop", "app-tls"));
        using var tlsApp = TcpPeers.Echo(tls: appCert);
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null);
        await using var tlsServer = await SidecarProxies.StartAsync(SidecarProxies.Inbound(tlsApp.Endpoint), pki, TestPki.Cart, isMeshed: null);
        await using var client = await SidecarProxies.StartAsync(
            SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true, meshIdentity: _ => TestPki.Cart.ToString());
        for (var i = 0; i < 2; i++) (await RoundTripAsync(client.ListenerEndpoint("outbound"))).ShouldBe("echo:x\n");
        await using (var tls = new System.Net.Security.SslStream(await ConnectAsync(tlsServer.ListenerEndpoint("inbound"))))
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "app.shop.svc",
                RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == appCert.Leaf.GetCertHashString(),
            });
        }

        var inbound = server.Metrics.ToPrometheusText();
        var outbound = client.Metrics.ToPrometheusText();
        var passthrough = tlsServer.Metrics.ToPrometheusText();

        (await Promtool(inbound)).ShouldBe("", inbound);
        (await Promtool(outbound)).ShouldBe("", outbound);
        (await Promtool(passthrough)).ShouldBe("", passthrough);
        var ids = new[] { $"src_id=\"{TestPki.Frontend}\"", $"dst_id=\"{TestPki.Cart}\"", "tls=\"true\"" };
        Sum(inbound, "tcp_opaque_close_total", ["direction=\"inbound\"", .. ids]).ShouldBe(2);
        Sum(outbound, "tcp_opaque_close_total", ["direction=\"outbound\"", .. ids]).ShouldBe(2);
        Sum(inbound, "tcp_opaque_read_bytes_total", "direction=\"inbound\"").ShouldBe(4);
        Sum(passthrough, "tls_passthrough_total", "direction=\"inbound\"").ShouldBe(1);
    }

    private static async Task<System.Net.Sockets.NetworkStream> ConnectAsync(IPEndPoint endpoint)
    {
        var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(endpoint);
        return new System.Net.Sockets.NetworkStream(tcp.Client, ownsSocket: true);
    }

    /// <summary>"x\n" through an opaque stream to a one-line echo, read to the end (the proxies have finished with it then).</summary>
    private static async Task<string> RoundTripAsync(IPEndPoint proxy)
    {
        await using var stream = await ConnectAsync(proxy);
        await stream.WriteAsync("x\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TcpCounters_AfterConnectionCloses_CountOpenCloseAndBytes()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using (var client = TestProxies.Http1Client())
        {
            (await client.GetAsync(proxy.Url())).EnsureSuccessStatusCode();
        }

        // The close is counted when Kestrel finishes the connection; wait for it (bounded), do not sleep.
        var deadline = Stopwatch.StartNew();
        while (Sum(proxy.Metrics.ToPrometheusText(), "tcp_close_total") < 1 && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Yield();
        var text = proxy.Metrics.ToPrometheusText();

        Sum(text, "tcp_open_total", "direction=\"outbound\"").ShouldBe(1);
        Sum(text, "tcp_close_total", "direction=\"outbound\"").ShouldBe(1);
        Sum(text, "tcp_read_bytes_total").ShouldBeGreaterThan(30);
        Sum(text, "tcp_write_bytes_total").ShouldBeGreaterThan(30);
    }

    [Fact]
    public async Task AdminEndpoints_ReadyAndLive_Answer200()
    {
        await using var proxy = await TestProxies.StartAsync([]);
        using var admin = TestProxies.Http1Client();

        (await admin.GetAsync(proxy.AdminUrl("/ready"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync(proxy.AdminUrl("/live"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync(proxy.AdminUrl("/nope"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<string> Promtool(string text)
    {
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        await p.StandardInput.WriteAsync(text);
        p.StandardInput.Close();
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? "" : $"exit {p.ExitCode}: {output}";
    }

    private static long Sum(string text, string metric, params string[] labels)
    {
        long total = 0;
        foreach (Match m in Sample().Matches(text))
        {
            if (m.Groups["name"].Value != metric) continue;
            var labelText = m.Groups["labels"].Value;
            if (labels.All(labelText.Contains)) total += (long)double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>.*)\})? (?<value>[0-9.e+-]+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
