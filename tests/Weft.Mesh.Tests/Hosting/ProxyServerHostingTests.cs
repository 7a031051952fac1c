using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Hosting;

/// <summary>The proxy's own server: accepting, the admin port, Kestrel only when a request needs it, shutdown, binding.</summary>
public sealed class ProxyServerHostingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task FastPathTraffic_LeavesKestrelUnstarted_AndAnHttp10RequestStartsItAndIsForwarded()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1], protocol: UpstreamProtocol.Http1);
        using var client = TestProxies.Http1Client();
        using var h2c = TestProxies.H2cClient();

        (await client.GetStringAsync(proxy.Url())).ShouldContain("hello");
        (await h2c.GetStringAsync(proxy.Url())).ShouldContain("hello");
        (await client.GetStringAsync(proxy.AdminUrl("/metrics"))).ShouldContain("request_total");
        proxy.FallbackStarted.ShouldBeFalse();

        var text = await proxy.RawExchangeAsync("GET / HTTP/1.0\r\nHost: svc\r\n\r\n");

        text.ShouldStartWith("HTTP/1.1 200 OK");
        text.ShouldContain("hello");
        proxy.FallbackStarted.ShouldBeTrue();
    }

    [Fact]
    public async Task MutualTlsPair_CarriesHttp1AndHttp2_WithoutStartingKestrelOnEitherSide()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        await using var h2Mesh = await MeshPair.StartAsync(pki, h2cUpstream: true);
        using var client = TestProxies.Http1Client();
        using var h2c = TestProxies.H2cClient();

        (await client.GetAsync(mesh.ClientProxy.Url())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h2c.GetAsync(h2Mesh.ClientProxy.Url())).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var proxy in new[] { mesh.ClientProxy, mesh.ServerProxy, h2Mesh.ClientProxy, h2Mesh.ServerProxy })
        {
            proxy.FallbackStarted.ShouldBeFalse();
        }

        mesh.ServerProxy.Metrics.ToPrometheusText().ShouldContain("result=\"success\"");
        h2Mesh.ServerProxy.Metrics.ToPrometheusText().ShouldContain("result=\"success\"");
    }

    [Fact]
    public async Task AdminPort_AnswersKeepAliveGetAndHead_404_405_AndClosesAfterHttp10()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var text = await TestProxies.RawExchangeAsync(proxy.AdminEndpoint!,
            "GET /live HTTP/1.1\r\nHost: a\r\n\r\n" +
            "HEAD /ready HTTP/1.1\r\nHost: a\r\n\r\n" +
            "GET /metrics?name[]=x HTTP/1.1\r\nHost: a\r\n\r\n" +
            "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n" +
            "DELETE /metrics HTTP/1.1\r\nHost: a\r\n\r\n" +
            "GET /live HTTP/1.0\r\n\r\n");

        System.Text.RegularExpressions.Regex.Matches(text, @"HTTP/1\.1 \d{3} [A-Za-z ]+(?=\r\n)").Select(m => m.Value).ShouldBe(
            ["HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 200 OK"]);
        text.ShouldContain("Content-Length: 6\r\nContent-Type: text/plain\r\n\r\nHTTP/1.1 200 OK"); // HEAD: the length, no body
        text.ShouldContain("# TYPE");
        text.ShouldContain("Allow: GET, HEAD\r\n");
        text.ShouldContain("Connection: close\r\n\r\nlive\n");
        text.ShouldEndWith("live\n"); // the server closed after the HTTP/1.0 request (the read ended)
    }

    [Fact]
    public async Task AdminPort_RefusesBodiesAndOversizedHeads_AndCloses()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var body = await TestProxies.RawExchangeAsync(proxy.AdminEndpoint!, "POST /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi", resetEnds: true);
        var huge = await TestProxies.RawExchangeAsync(proxy.AdminEndpoint!, "GET /metrics HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('x', 20_000) + "\r\n\r\n", resetEnds: true);
        var garbage = await TestProxies.RawExchangeAsync(proxy.AdminEndpoint!, "hello there\r\n\r\n", resetEnds: true);

        body.ShouldStartWith("HTTP/1.1 400 Bad Request");
        huge.ShouldStartWith("HTTP/1.1 431 ");
        garbage.ShouldStartWith("HTTP/1.1 400 Bad Request");
    }

    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/metrics", false, false)]
    [InlineData("GET /metrics?x=1 HTTP/1.1\r\nConnection: close\r\n\r\n", "GET", "/metrics", true, false)]
    [InlineData("GET /live HTTP/1.0\r\n\r\n", "GET", "/live", true, false)]
    [InlineData("GET /live HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "GET", "/live", false, false)]
    [InlineData("PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "PUT", "/x", false, true)]
    [InlineData("PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "PUT", "/x", false, false)]
    public void AdminRequestHeads_AreParsed(string head, string method, string path, bool close, bool hasBody) =>
        AdminServer.Parse(head).ShouldBe((method, path, close, hasBody));

    [Theory]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET / HTTP/2.0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nno colon here\r\n\r\n")]
    public void MalformedAdminRequestHeads_AreRefused(string head) => AdminServer.Parse(head).ShouldBeNull();

    [Fact]
    public async Task Dispose_ClosesAnIdleKeepAliveConnection_AndStopsAccepting()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var proxy = await TestProxies.StartAsync([upstream.Http1]);
        var endpoint = proxy.ListenerEndpoint(TestProxies.Listener);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: svc\r\n\r\n"));
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("hello", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer).WaitAsync(Bound);
            n.ShouldBeGreaterThan(0);
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        await proxy.DisposeAsync().AsTask().WaitAsync(Bound);

        while (true)
        {
            var n = await socket.ReceiveAsync(buffer).WaitAsync(Bound);
            if (n == 0) break; // closed by the proxy (an idle keep-alive connection closes at once)
        }

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Should.ThrowAsync<SocketException>(() => again.ConnectAsync(endpoint).WaitAsync(Bound));
    }

    [Fact]
    public async Task AnAddressInUse_FailsStartWithAnIOExceptionNamingIt_AndLeavesNothingBound()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var adminPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // a free port for the listener, which binds before the admin endpoint
        var config = new ProxyConfig
        {
            Listeners =
            [
                new ListenerConfig
                {
                    Name = "main",
                    Endpoint = new IPEndPoint(IPAddress.Loopback, port),
                    Upstream = new UpstreamConfig { Name = "up" },
                },
            ],
            Admin = new IPEndPoint(IPAddress.Loopback, adminPort),
        };
        var runtime = new ProxyRuntime { Endpoints = _ => new Weft.Mesh.Watch.LatestValue<Weft.Mesh.Balancing.EndpointSet>(new Weft.Mesh.Balancing.EndpointSet([new IPEndPoint(IPAddress.Loopback, 9)])) };
        var (server, errors) = ProxyServer.Create(config, runtime);
        errors.ShouldBeEmpty();

        await using (server!)
        {
            var e = await Should.ThrowAsync<IOException>(() => server!.StartAsync(CancellationToken.None));
            e.Message.ShouldContain($"127.0.0.1:{adminPort}");
            server!.Ready.ShouldBeFalse();
        }

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start(); // the listener bound before the failure was released
    }

    [Fact]
    public void LineLogger_WritesOneLinePerEvent_AndKeepsFrameworkChatterToWarnings()
    {
        using var text = new StringWriter();
        using var provider = new LineLoggerProvider(text, TimeProvider.System);
        var weft = provider.CreateLogger("Weft.Mesh.Proxy");
        var kestrel = provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");

        static string Text(string state, Exception? _) => state;
        weft.Log(LogLevel.Information, new EventId(7), "hello cart", null, Text);
        weft.Log(LogLevel.Debug, default, "not shown", null, Text);
        kestrel.Log(LogLevel.Information, default, "not shown either", null, Text);
        kestrel.Log(LogLevel.Warning, default, "careful", new InvalidOperationException("boom"), Text);

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldMatch(@"^\d\d:\d\d:\d\d\.\d{3} info: Weft\.Mesh\.Proxy\[7\] hello cart$");
        lines[1].ShouldMatch(@"^\d\d:\d\d:\d\d\.\d{3} warn: Microsoft\.AspNetCore\.Server\.Kestrel\[0\] careful$");
        lines[2].ShouldBe("System.InvalidOperationException: boom");
        lines.Length.ShouldBe(3);
    }
}
