using OpenTelemetry.Trace;
using Weft.Mesh.Tests.Support;
using Weft.Mesh.Hosting;
using Weft.Mesh.Tracing;

namespace Weft.Mesh.Tests.Tracing;

/// <summary>Not run in parallel: the span source is process-wide, and other tests check that traceparent passes untouched.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}

[Collection(TracingCollection.Name)]
public sealed class OtlpTracingTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string CallerSpan = "b7ad6b7169203331";
    private const string TraceParent = "00-" + TraceId + "-" + CallerSpan + "-01";

    [Fact]
    public async Task MeshPair_WithOtlpExport_SendsAClientAndAServerSpanChainedUnderTheCallersTrace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var pki = new TestPki();
        await using var pair = await MeshPair.StartAsync(pki);
        string? seenByApp;
        using (var export = Export(receiver))
        {
            using var client = TestProxies.Http1Client();
            using var request = new HttpRequestMessage(HttpMethod.Get, pair.ClientProxy.Url("/cart/items?id=7"));
            request.Headers.Add("traceparent", TraceParent);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            seenByApp = response.Headers.GetValues("x-seen-traceparent").Single();
            await ExportedAsync(export, receiver, s => s.TraceId == TraceId, 2);
        }

        var spans = receiver.Spans.Where(s => s.TraceId == TraceId).ToList();
        var outbound = spans.Single(s => s.Kind == OtlpSpan.KindClient);
        var inbound = spans.Single(s => s.Kind == OtlpSpan.KindServer);

        // One trace: caller → client proxy's span → server proxy's span → the application.
        outbound.ParentSpanId.ShouldBe(CallerSpan);
        inbound.ParentSpanId.ShouldBe(outbound.SpanId);
        seenByApp.ShouldBe($"00-{TraceId}-{inbound.SpanId}-01");

        outbound.ServiceName.ShouldBe("weft-proxy-test");
        outbound.Name.ShouldBe("GET");
        outbound.Attributes["http.request.method"].ShouldBe("GET");
        outbound.Attributes["url.path"].ShouldBe("/cart/items");
        outbound.Attributes["http.response.status_code"].ShouldBe("200");
        outbound.Attributes["network.protocol.version"].ShouldBe("1.1");
        outbound.Attributes["weft.src_id"].ShouldBe(TestPki.Frontend.ToString());
        outbound.Attributes["weft.dst_id"].ShouldBe(TestPki.Cart.ToString());
        inbound.Attributes["http.response.status_code"].ShouldBe("200");
        // HTTP/1.1 in: the client proxy carries it over HTTP/2 to the server proxy (one multiplexed mTLS connection),
        // which speaks HTTP/1.1 to the application again; each span names the protocol of its own client connection.
        inbound.Attributes["network.protocol.version"].ShouldBe("2");
        inbound.Attributes["url.scheme"].ShouldBe("https");
        inbound.Attributes["url.path"].ShouldBe("/cart/items");
        outbound.Attributes["server.address"].ShouldBe("127.0.0.1");
        outbound.Attributes["server.port"].ShouldBe(pair.ClientProxy.ListenerEndpoint(TestProxies.Listener).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        inbound.Attributes["weft.src_id"].ShouldBe(TestPki.Frontend.ToString(), "the server span carries the client's proven identity");
        inbound.Attributes["weft.dst_id"].ShouldBe(TestPki.Cart.ToString());
        inbound.StatusCode.ShouldBe(0, "unset: not an error");
    }

    [Fact]
    public async Task Http2FastPath_WithOtlpExport_ChainsBothSpansAndKeepsStreamsApart()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var pki = new TestPki();
        await using var pair = await MeshPair.StartAsync(pki, h2cUpstream: true);
        string seenFirst, seenSecond;
        using (var export = Export(receiver))
        {
            // h2c in: both proxies serve the connection on the HTTP/2 fast path, also while spans are exported.
            ProxyListener.Http2FastPath.ShouldBeTrue();
            using var client = TestProxies.H2cClient();
            using var first = new HttpRequestMessage(HttpMethod.Get, pair.ClientProxy.Url("/h2/first"))
            {
                Version = System.Net.HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            first.Headers.Add("traceparent", TraceParent);
            using var firstResponse = await client.SendAsync(first);
            firstResponse.EnsureSuccessStatusCode();
            firstResponse.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/2");
            seenFirst = firstResponse.Headers.GetValues("x-seen-traceparent").Single();
            // Second stream on the same connection and read loop, without a traceparent: a trace of its own.
            using var secondResponse = await client.GetAsync(pair.ClientProxy.Url("/h2/second"));
            seenSecond = secondResponse.Headers.GetValues("x-seen-traceparent").Single();
            await ExportedAsync(export, receiver, s => s.Attributes.GetValueOrDefault("url.path") is "/h2/first" or "/h2/second", 3);
        }

        var firstSpans = receiver.Spans.Where(s => s.Attributes.GetValueOrDefault("url.path") == "/h2/first").ToList();
        var outbound = firstSpans.Single(s => s.Kind == OtlpSpan.KindClient);
        var inbound = firstSpans.Single(s => s.Kind == OtlpSpan.KindServer);
        outbound.TraceId.ShouldBe(TraceId);
        outbound.ParentSpanId.ShouldBe(CallerSpan);
        inbound.ParentSpanId.ShouldBe(outbound.SpanId);
        seenFirst.ShouldBe($"00-{TraceId}-{inbound.SpanId}-01");
        outbound.Attributes["network.protocol.version"].ShouldBe("2");
        outbound.Attributes["http.response.status_code"].ShouldBe("200");
        outbound.Attributes["weft.dst_id"].ShouldBe(TestPki.Cart.ToString());
        inbound.Attributes["url.scheme"].ShouldBe("https");
        inbound.Attributes["weft.src_id"].ShouldBe(TestPki.Frontend.ToString());

        var secondOutbound = receiver.Spans.Single(s => s.Attributes.GetValueOrDefault("url.path") == "/h2/second" && s.Kind == OtlpSpan.KindClient);
        secondOutbound.TraceId.ShouldNotBe(TraceId);
        secondOutbound.ParentSpanId.ShouldBeEmpty();
        seenSecond.ShouldStartWith($"00-{secondOutbound.TraceId}-");
    }

    [Fact]
    public async Task Proxy_WithOtlpExport_StartsATraceWhenTheRequestHasNone()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        string seenByApp;
        using (var export = Export(receiver))
        {
            using var client = TestProxies.Http1Client();
            using var response = await client.GetAsync(proxy.Url("/missing-trace"));
            seenByApp = response.Headers.GetValues("x-seen-traceparent").Single();
            await ExportedAsync(export, receiver, s => s.Attributes.GetValueOrDefault("url.path") == "/missing-trace", 1);
        }

        var span = receiver.Spans.Single(s => s.Attributes.GetValueOrDefault("url.path") == "/missing-trace");
        span.ParentSpanId.ShouldBeEmpty();
        seenByApp.ShouldBe($"00-{span.TraceId}-{span.SpanId}-01");
    }

    [Fact]
    public async Task FastPath_KeepAliveConnection_EachRequestGetsItsOwnSpanAndTrace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        string second;
        using (var export = Export(receiver))
        {
            // One client, one keep-alive connection: the first request's span must not become the second's parent.
            using var client = TestProxies.Http1Client();
            using var first = new HttpRequestMessage(HttpMethod.Get, proxy.Url("/first"));
            first.Headers.Add("traceparent", TraceParent);
            (await client.SendAsync(first)).EnsureSuccessStatusCode();
            using var response = await client.GetAsync(proxy.Url("/second"));
            second = response.Headers.GetValues("x-seen-traceparent").Single();
            await ExportedAsync(export, receiver, s => s.Attributes.GetValueOrDefault("url.path") is "/first" or "/second", 2);
        }

        var firstSpan = receiver.Spans.Single(s => s.Attributes.GetValueOrDefault("url.path") == "/first");
        var secondSpan = receiver.Spans.Single(s => s.Attributes.GetValueOrDefault("url.path") == "/second");
        firstSpan.TraceId.ShouldBe(TraceId);
        firstSpan.ParentSpanId.ShouldBe(CallerSpan);
        secondSpan.TraceId.ShouldNotBe(TraceId);
        secondSpan.ParentSpanId.ShouldBeEmpty();
        second.ShouldBe($"00-{secondSpan.TraceId}-{secondSpan.SpanId}-01");
    }

    [Fact]
    public async Task Proxy_UpstreamFails_SpanIsAnErrorWithTheForwarderError()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var proxy = await TestProxies.StartAsync([TcpPeers.DeadEndpoint()]);
        using (var export = Export(receiver))
        {
            using var client = TestProxies.Http1Client();
            using var response = await client.GetAsync(proxy.Url("/dead"));
            ((int)response.StatusCode).ShouldBe(502);
            await ExportedAsync(export, receiver, s => s.Attributes.GetValueOrDefault("url.path") == "/dead", 1);
        }

        var span = receiver.Spans.Single(s => s.Attributes.GetValueOrDefault("url.path") == "/dead");
        span.StatusCode.ShouldBe(2, "STATUS_CODE_ERROR");
        span.Attributes["http.response.status_code"].ShouldBe("502");
        span.Attributes["error.type"].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Proxy_WithoutExport_PassesTraceparentExactlyAsSent()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using var client = TestProxies.Http1Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, proxy.Url("/"));
        request.Headers.Add("traceparent", TraceParent);

        using var response = await client.SendAsync(request);

        response.Headers.GetValues("x-seen-traceparent").Single().ShouldBe(TraceParent);
    }

    [Fact]
    public async Task Export_WithSidecarSocketMark_StillReachesTheCollector()
    {
        // The sidecar marks the exporter's sockets so its POSTs bypass the pod's own redirect (SO_MARK needs
        // CAP_NET_ADMIN; CI runs as root).
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using (var export = (TracerProvider)TraceExport.StartIfConfigured(TraceExport.TracesUrl(receiver.BaseUrl.ToString(), null), "weft-proxy-test", socketMark: 0x4d5754)!)
        {
            using var client = TestProxies.Http1Client();
            (await client.GetAsync(proxy.Url("/marked"))).EnsureSuccessStatusCode();
            await ExportedAsync(export, receiver, s => s.Attributes.GetValueOrDefault("url.path") == "/marked", 1);
        }

        receiver.Spans.ShouldContain(s => s.Attributes.GetValueOrDefault("url.path") == "/marked");
    }

    /// <summary>
    /// Flushes until <paramref name="count"/> matching spans reached the receiver (within 10 s): a proxy ends its
    /// span just after the response's last bytes, so the client may hold the response before the span has ended.
    /// </summary>
    private static async Task ExportedAsync(TracerProvider export, OtlpReceiver receiver, Func<OtlpSpan, bool> match, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            export.ForceFlush(10_000).ShouldBeTrue();
            if (receiver.Spans.Count(match) >= count || DateTime.UtcNow > deadline) return;
            await Task.Delay(20);
        }
    }

    private static TracerProvider Export(OtlpReceiver receiver) =>
        (TracerProvider)TraceExport.StartIfConfigured(TraceExport.TracesUrl(receiver.BaseUrl.ToString(), null), "weft-proxy-test")!;

    [Theory]
    [InlineData("http://collector:4318", null, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", null, "http://collector:4318/v1/traces")]
    [InlineData(null, "http://env:4318", "http://env:4318/v1/traces")]
    [InlineData("http://flag:4318", "http://env:4318", "http://flag:4318/v1/traces")]
    [InlineData("http://collector:4318/v1/traces", null, "http://collector:4318/v1/traces")]
    [InlineData("http://gateway/otlp", null, "http://gateway/otlp/v1/traces")]
    public void TracesUrl_FlagOrEnvironment_IsTheTracesEndpoint(string? flag, string? environment, string expected)
    {
        TraceExport.TracesUrl(flag, environment)!.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    [InlineData("not a url", null)]
    [InlineData("collector:4318", null)]
    [InlineData("grpc://collector:4317", null)]
    public void TracesUrl_NothingUsable_MeansNoExport(string? flag, string? environment)
    {
        TraceExport.TracesUrl(flag, environment).ShouldBeNull();
    }
}
