using System.Net;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Proxy;

public sealed class PlainProxyTests
{
    [Theory]
    [InlineData(300_000)]
    [InlineData(3_000_000)]
    public async Task GeneralPath_KeepAliveResponseOfKnownLength_ArrivesWhole(int size)
    {
        // An absolute-form request (as an HTTP proxy client sends it) is not the fast path's: Kestrel and HttpClient
        // forward it. The body's last chunk used to be left unflushed and never sent on a keep-alive connection.
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using var client = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(proxy.Url()), UseProxy = true });

        var body = await client.GetByteArrayAsync($"http://cart/bytes?n={size}").WaitAsync(TimeSpan.FromSeconds(20));

        body.Length.ShouldBe(size);
        body[^1].ShouldBe((byte)('a' + ((size - 1) % 26)));
        // Counted once the forwarder is done with the response, which may be just after the client has all of it.
        await proxy.MetricsShouldEventuallyContainAsync("status_code=\"200\"");
    }

    [Fact]
    public async Task Http1Request_ThroughProxy_ReachesUpstreamOverHttp1()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(proxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello");
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/1.1");
    }

    [Fact]
    public async Task H2cPriorKnowledgeRequest_ThroughProxy_ReachesUpstreamOverHttp2()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();

        using var response = await client.GetAsync(proxy.Url());

        response.Version.ShouldBe(HttpVersion.Version20);
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello");
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/2");
    }

    [Fact]
    public async Task Request_ThroughProxy_AddsNoForwardingHeadersAndDropsHopByHop()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using var client = TestProxies.Http1Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, proxy.Url());
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.Add("x-app", "1");
        request.Headers.Add("Keep-Alive", "timeout=5");

        using var response = await client.SendAsync(request);

        response.Headers.GetValues("x-seen-headers").Single().ShouldBe("host,traceparent,x-app");
        response.Headers.GetValues("x-seen-host").Single().ShouldBe(proxy.ListenerEndpoint(TestProxies.Listener).ToString());
    }

    [Fact]
    public async Task PostBody_ThroughProxy_IsStreamedToUpstreamAndBack()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using var client = TestProxies.Http1Client();
        var body = new string('x', 200_000);

        using var response = await client.PostAsync(proxy.Url("/echo"), new StringContent(body));

        (await response.Content.ReadAsStringAsync()).ShouldBe(body);
    }

    [Fact]
    public async Task GrpcStyleCall_OverH2c_CarriesTrailers()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();
        using var request = TestProxies.GrpcRequest(proxy.Url("/grpc"));
        request.Content!.Headers.TryAddWithoutValidation("content-type", "application/grpc");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var payload = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, response.ToString());

        payload.ShouldBe(new byte[] { 0, 0, 0, 0, 2, 8, 1 });
        response.TrailingHeaders.GetValues("grpc-status").Single().ShouldBe("0");
        response.TrailingHeaders.GetValues("grpc-message").Single().ShouldBe("done");
    }

    [Fact]
    public async Task SocketMark_Configured_RequestsStillFlow()
    {
        // Sidecar mode marks upstream sockets (SO_MARK needs CAP_NET_ADMIN; CI runs as root).
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1], socketMark: 0x4d5754);
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(proxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NoEndpoints_ReturnsServiceUnavailable()
    {
        await using var proxy = await TestProxies.StartAsync([]);
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(proxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }
}
