using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Weft.Mesh.Config;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Proxy;

public sealed class OpaqueAndLimitsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task OpaqueTcp_ThroughProxy_IsForwardedUntouched()
    {
        using var echo = TcpPeers.Echo();
        await using var proxy = await TestProxies.StartAsync([echo.Endpoint]);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);

        await stream.WriteAsync("SSH-2.0-weft\n"u8.ToArray());

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:SSH-2.0-weft");
    }

    [Fact]
    public async Task ServerSpeaksFirstProtocol_AfterDetectTimeout_IsForwardedAsOpaque()
    {
        using var echo = TcpPeers.Echo(banner: "220 smtp ready");
        await using var proxy = await TestProxies.StartAsync([echo.Endpoint], limits: new ProxyLimits { DetectTimeout = TimeSpan.FromMilliseconds(50) });
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("220 smtp ready");
    }

    [Fact]
    public async Task TlsFromApplication_ThroughProxy_PassesThroughEndToEnd()
    {
        using var pki = new TestPki();
        using var serverCert = pki.Issue(TestPki.Cart);
        using var echo = TcpPeers.Echo(tls: serverCert);
        await using var proxy = await TestProxies.StartAsync([echo.Endpoint]);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        await using var tls = new SslStream(client.GetStream());
        var seen = "";

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "cart",
            RemoteCertificateValidationCallback = (_, cert, _, _) => (seen = cert?.GetCertHashString() ?? "") == serverCert.Leaf.GetCertHashString(),
        });
        await tls.WriteAsync("hi\n"u8.ToArray());
        using var reader = new StreamReader(tls, Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:hi");
        seen.ShouldBe(serverCert.Leaf.GetCertHashString());
    }

    [Fact]
    public async Task OpaqueTcp_ThroughMtlsPair_IsCarriedInsideMutualTls()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.Echo();
        await using var server = await TestProxies.StartAsync(
            [echo.Endpoint], security: ListenerSecurity.MutualTls, certificate: pki.Issue(TestPki.Cart), trustRoot: pki.Authority.TrustRoot);
        await using var clientProxy = await TestProxies.StartAsync(
            [server.ListenerEndpoint(TestProxies.Listener)], upstreamSecurity: UpstreamSecurity.MutualTls, certificate: pki.Issue(TestPki.Frontend), trustRoot: pki.Authority.TrustRoot);
        using var client = new TcpClient();
        await client.ConnectAsync(clientProxy.ListenerEndpoint(TestProxies.Listener));
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);

        await stream.WriteAsync("\x01binary-ish\n"u8.ToArray());

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:\x01binary-ish");
        server.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"success\"} 1");
    }

    [Fact]
    public async Task DeadEndpoint_IdempotentRequests_FailOverWithoutErrors()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([TcpPeers.DeadEndpoint(), upstream.Http1], random: new Random(11));
        using var client = TestProxies.Http1Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++) statuses.Add((await client.GetAsync(proxy.Url())).StatusCode);

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        upstream.Requests.ShouldBe(20);
    }

    [Fact]
    public async Task DeadEndpoint_NonIdempotentRequest_IsNotRetried()
    {
        await using var proxy = await TestProxies.StartAsync([TcpPeers.DeadEndpoint()]);
        using var client = TestProxies.Http1Client();

        using var response = await client.PostAsync(proxy.Url(), new StringContent("x"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task SlowlorisClient_IsCutOffAfterHeaderTimeout()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1], limits: new ProxyLimits { RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        var stream = client.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "u8.ToArray());

        // The proxy must end the connection (408 then close) although the client never finishes its headers.
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Bound)) > 0) received.Write(buffer, 0, read);

        Encoding.ASCII.GetString(received.ToArray()).ShouldNotContain("hello");
        upstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task OversizedHeaders_AreRejected()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1], limits: new ProxyLimits { MaxRequestHeadersTotalSize = 4096 });
        using var client = TestProxies.Http1Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, proxy.Url());
        request.Headers.Add("x-big", new string('a', 8000));

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestHeaderFieldsTooLarge);
        upstream.Requests.ShouldBe(0);
    }
}
