using System.Net;
using System.Text;
using Weft.Mesh.Config;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Http2;

/// <summary>HTTP/2 through the proxy's fast path (h2c prior knowledge in, multiplexed h2c or mTLS h2 out).</summary>
public sealed class Http2FastPathTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnprocessedStream_RefusedOrBelowGoAway_IsSentAgainAndAnswered(bool goAway)
    {
        // The upstream turns the first request away without processing it: RST_STREAM REFUSED_STREAM on a live
        // connection, or GOAWAY whose last stream id is below it. Safe to send again (§8.7) — the proxy does so while
        // nothing of the request's body has left it (it keeps no copy), so here a request without one.
        await using var upstream = RawH2Upstream.Start(refuse: 1, goAway);
        await using var proxy = await TestProxies.StartAsync([upstream.Endpoint], protocol: UpstreamProtocol.Http2);
        using var client = TestProxies.H2cClient();

        using var response = await client.GetAsync(proxy.Url("/orders")).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
        upstream.Streams.ShouldBe(2);
        H2Metrics.Sum(proxy, "response_total", ("status_code", "200")).ShouldBe(1);
    }

    [Fact]
    public async Task ManyConcurrentStreams_OnOneConnection_AreAllAnsweredWithTheirOwnBodies()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await client.PostAsync(proxy.Url("/echo"), new StringContent($"request-{i}"));
            return (i, response.StatusCode, response.Version, Body: await response.Content.ReadAsStringAsync());
        })).WaitAsync(Bound);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK && r.Version == HttpVersion.Version20 && r.Body == $"request-{r.i}");
        upstream.Requests.ShouldBe(300);
        H2Metrics.Sum(proxy, "response_total", ("status_code", "200")).ShouldBe(300);
    }

    [Fact]
    public async Task LargeBodies_BothWays_PassFlowControlIntact()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();
        var body = string.Create(6 * 1024 * 1024, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + (i % 23));
        });

        var uploads = Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await client.PostAsync(proxy.Url("/echo"), new StringContent(body, Encoding.ASCII));
            return await response.Content.ReadAsStringAsync();
        });
        var echoed = await Task.WhenAll(uploads).WaitAsync(Bound);

        echoed.ShouldAllBe(e => e == body);
    }

    [Fact]
    public async Task UnreadLargeResponse_DoesNotBlockOtherStreamsOnTheSameConnection()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();
        var body = new string('s', 4 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, proxy.Url("/echo"))
        {
            Content = new StringContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // The big response stalls on the client's stream window; the proxy queues at most its own window for it.
        using var stalled = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        var others = new List<string>();
        for (var i = 0; i < 10; i++) others.Add(await client.GetStringAsync(proxy.Url()).WaitAsync(Bound));
        var echoed = await stalled.Content.ReadAsStringAsync().WaitAsync(Bound);

        others.ShouldAllBe(o => o == "hello");
        echoed.ShouldBe(body);
    }

    [Fact]
    public async Task ManyAbandonedLargeResponses_DoNotLeakTheUpstreamConnectionWindow()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();
        var body = new string('w', 1024 * 1024);

        // Each response is left unread and disposed: the client resets its stream with data queued in the proxy.
        for (var i = 0; i < 16; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, proxy.Url("/echo")) { Content = new StringContent(body), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var abandoned = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        }

        using var last = await client.PostAsync(proxy.Url("/echo"), new StringContent(body)).WaitAsync(Bound);
        (await last.Content.ReadAsStringAsync().WaitAsync(Bound)).ShouldBe(body);
    }

    [Fact]
    public async Task GrpcCall_TrailersPassAndGrpcStatusIsCounted()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();
        using var request = TestProxies.GrpcRequest(proxy.Url("/grpc"), wantGrpcStatus: "5");

        using var response = await client.SendAsync(request);
        var payload = await response.Content.ReadAsByteArrayAsync();
        await H2Metrics.WaitForResponsesAsync(proxy, 1);

        payload.ShouldBe(new byte[] { 0, 0, 0, 0, 2, 8, 1 });
        response.TrailingHeaders.GetValues("grpc-status").Single().ShouldBe("5");
        response.TrailingHeaders.GetValues("grpc-message").Single().ShouldBe("done");
        H2Metrics.Sum(proxy, "response_total", ("grpc_status", "5"), ("status_code", "200"), ("classification", "failure")).ShouldBe(1);
    }

    [Fact]
    public async Task ClientCancel_ResetsTheUpstreamStream()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = TestProxies.H2cClient();
        using var cancel = new CancellationTokenSource();

        var call = client.GetAsync(proxy.Url("/wait"), cancel.Token);
        await upstream.Waiting.WaitAsync(Bound);
        await cancel.CancelAsync();

        await Should.ThrowAsync<TaskCanceledException>(call);
        await upstream.Aborted.WaitAsync(Bound);
        await H2Metrics.WaitForResponsesAsync(proxy, 1);
        H2Metrics.Sum(proxy, "response_total", ("error", "client_canceled")).ShouldBe(1);
    }

    [Fact]
    public async Task UnreachableUpstream_Answers502()
    {
        await using var proxy = await TestProxies.StartAsync([TcpPeers.DeadEndpoint()]);
        using var client = TestProxies.H2cClient();

        using var response = await client.GetAsync(proxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        H2Metrics.Sum(proxy, "response_total", ("status_code", "502"), ("error", "connect")).ShouldBe(1);
    }

    [Fact]
    public async Task DeadEndpoint_IdempotentRequests_FailOverToTheLiveOne()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([TcpPeers.DeadEndpoint(), upstream.Http2]);
        using var client = TestProxies.H2cClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(proxy.Url());
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        upstream.Requests.ShouldBe(20);
    }

    [Fact]
    public async Task SlowUpstream_BeyondTheResponseHeadersTimeout_Answers504AndResetsTheUpstreamStream()
    {
        var time = new ManualTimeProvider();
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2], time: time, limits: new ProxyLimits { ResponseHeadersTimeout = TimeSpan.FromSeconds(5) });
        using var client = TestProxies.H2cClient();

        var call = client.GetAsync(proxy.Url("/wait"));
        await upstream.Waiting.WaitAsync(Bound);
        time.Advance(TimeSpan.FromSeconds(6));
        using var response = await call.WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        await upstream.Aborted.WaitAsync(Bound);
        H2Metrics.Sum(proxy, "response_total", ("status_code", "504"), ("error", "timeout")).ShouldBe(1);
    }

    [Fact]
    public async Task NoEndpoints_Answers503()
    {
        await using var proxy = await TestProxies.StartAsync([]);
        using var client = TestProxies.H2cClient();

        using var response = await client.GetAsync(proxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task H2ThroughMtlsPair_ArrivesAsHttp2WithTheProvenClientIdentityOnly()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki, h2cUpstream: true);
        using var client = TestProxies.H2cClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, mesh.ClientProxy.Url()) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("x-weft-client-id", "spiffe://cluster.local/ns/evil/sa/forged");
        request.Headers.TryAddWithoutValidation("x-app", "1");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, response.ToString());
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello");
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/2");
        response.Headers.GetValues("x-seen-client-id").Single().ShouldBe("spiffe://cluster.local/ns/shop/sa/frontend");
        response.Headers.GetValues("x-seen-headers").Single().ShouldBe("host,x-app,x-weft-client-id");
        await H2Metrics.WaitForResponsesAsync(mesh.ServerProxy, 1);
        H2Metrics.Sum(mesh.ServerProxy, "request_total", ("src_id", "spiffe://cluster.local/ns/shop/sa/frontend")).ShouldBe(1);
    }

    [Fact]
    public async Task LargeUpload_ThroughMtlsPair_IsEchoedIntact()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki, h2cUpstream: true);
        using var client = TestProxies.H2cClient();
        var body = new string('m', 3 * 1024 * 1024);

        using var response = await client.PostAsync(mesh.ClientProxy.Url("/echo"), new StringContent(body));

        (await response.Content.ReadAsStringAsync()).ShouldBe(body);
    }
}
