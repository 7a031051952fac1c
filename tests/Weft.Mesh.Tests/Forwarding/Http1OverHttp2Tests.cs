using System.Net;
using System.Text;
using Weft.Mesh.Config;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Forwarding;

/// <summary>
/// HTTP/1.1 applications over the mesh: the client proxy carries their requests over one multiplexed HTTP/2 mTLS
/// connection to the server proxy, which speaks HTTP/1.1 to its application again — bodies, framing and connection
/// semantics intact end to end.
/// </summary>
public sealed class Http1OverHttp2Tests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task MeshPair_ManyHttp1Connections_ShareOneConnectionBetweenProxiesAndTheAppSeesHttp11()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        using (var first = TestProxies.Http1Client()) (await first.GetAsync(mesh.ClientProxy.Url())).EnsureSuccessStatusCode();

        // Eight clients, each its own keep-alive connection to the client proxy, five requests each, concurrently.
        var clients = Enumerable.Range(0, 8).Select(_ => TestProxies.Http1Client()).ToList();
        try
        {
            var responses = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 5).Select(_ => c.GetAsync(mesh.ClientProxy.Url("/path?q=1")))));
            foreach (var response in responses)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                response.Version.ShouldBe(HttpVersion.Version11);
                response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/1.1");
                response.Headers.GetValues("x-seen-client-id").Single().ShouldBe(TestPki.Frontend.ToString());
                var seen = response.Headers.GetValues("x-seen-headers").Single().Split(',');
                seen.ShouldNotContain("x-weft-orig-proto", "Weft's hop field never reaches the application");
                (await response.Content.ReadAsStringAsync()).ShouldBe("hello");
            }
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }

        // One mTLS connection carried all 41 requests (HTTP/1.1 between proxies would have needed one per concurrent request).
        mesh.ServerProxy.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"success\"} 1");
        mesh.Upstream.Requests.ShouldBe(41);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MeshPair_LargeRequestBody_ContentLengthOrChunked_ComesBackIntact(bool chunked)
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        using var client = TestProxies.Http1Client();
        // 3 MiB: many times the proxies' windows and buffers, so flow control and back-pressure take part.
        var text = string.Concat(Enumerable.Range(0, 3 * 1024 * 1024 / 16).Select(i => i.ToString("x15", System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        using HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(text)))
            : new StringContent(text, Encoding.ASCII);
        using var request = new HttpRequestMessage(HttpMethod.Post, mesh.ClientProxy.Url("/echo")) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await client.SendAsync(request).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The echo answers without a length, so the response crossed as chunked HTTP/1.1 at both ends.
        response.Headers.TransferEncodingChunked.ShouldBe(true);
        var echoed = await response.Content.ReadAsStringAsync().WaitAsync(Bound);
        echoed.Length.ShouldBe(text.Length);
        echoed.ShouldBe(text);
    }

    [Fact]
    public async Task MeshPair_CurlPostAndHead_AreForwardedWithTheirFraming()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        var url = mesh.ClientProxy.Url("/echo").ToString();

        var (post, postOut) = await TestProxies.CurlAsync("-sS", "--http1.1", "-H", "Transfer-Encoding: chunked", "--data-binary", "hello over two protocols", url);
        var (head, headOut) = await TestProxies.CurlAsync("-sS", "--http1.1", "-I", mesh.ClientProxy.Url("/").ToString());
        var (noContent, noContentOut) = await TestProxies.CurlAsync("-sS", "--http1.1", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", mesh.ClientProxy.Url("/status?code=204").ToString());

        post.ShouldBe(0);
        postOut.ShouldBe("hello over two protocols");
        head.ShouldBe(0);
        headOut.ShouldStartWith("HTTP/1.1 200 OK");
        headOut.Contains("hello", StringComparison.Ordinal).ShouldBeFalse("a HEAD response has no body");
        noContent.ShouldBe(0);
        noContentOut.ShouldBe("204 0");
    }

    [Fact]
    public async Task MeshPair_PipelinedRequestsWithBodies_AreAnsweredInOrderAndCloseEndsTheConnection()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);

        var text = await mesh.ClientProxy.RawExchangeAsync(
            "POST /echo HTTP/1.1\r\nHost: cart\r\nContent-Length: 5\r\n\r\nfirst" +
            "POST /echo HTTP/1.1\r\nHost: cart\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nsecond\r\n0\r\n\r\n" +
            "GET / HTTP/1.1\r\nHost: cart\r\nConnection: close\r\n\r\n");

        var first = text.IndexOf("first", StringComparison.Ordinal);
        var second = text.IndexOf("second", StringComparison.Ordinal);
        var third = text.IndexOf("hello", StringComparison.Ordinal);
        first.ShouldBeGreaterThan(0);
        second.ShouldBeGreaterThan(first);
        third.ShouldBeGreaterThan(second);
        text.Split("HTTP/1.1 200 OK").Length.ShouldBe(4);
        text.ShouldContain("Connection: close", Case.Insensitive);
    }

    [Fact]
    public async Task PlainProxy_Http2Upstream_Http1ClientIsForwardedAsHttp2()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2], protocol: UpstreamProtocol.Http2);
        using var client = TestProxies.Http1Client();
        using var content = new StringContent("body");

        using var response = await client.PostAsync(proxy.Url("/echo"), content);

        response.Version.ShouldBe(HttpVersion.Version11);
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/2");
        (await response.Content.ReadAsStringAsync()).ShouldBe("body");
    }

    [Fact]
    public async Task PlainProxy_Http1Upstream_H2cClientIsForwardedAsHttp11()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1], protocol: UpstreamProtocol.Http1);
        using var client = TestProxies.H2cClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, proxy.Url("/echo"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent("over h2c"),
        };

        using var response = await client.SendAsync(request);

        response.Version.ShouldBe(HttpVersion.Version20);
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/1.1");
        (await response.Content.ReadAsStringAsync()).ShouldBe("over h2c");
    }

    [Fact]
    public async Task MeshPair_ServerAppDown_Http1ClientGets502()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        await mesh.Upstream.DisposeAsync();
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(mesh.ClientProxy.Url()).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
    }
}
