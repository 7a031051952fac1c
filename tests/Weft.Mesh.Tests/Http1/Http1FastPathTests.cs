using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Weft.Mesh.Hosting;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Http1;

/// <summary>HTTP/1.1 semantics of the proxy's fast path, spoken byte for byte by a raw client (and by curl).</summary>
public sealed partial class Http1FastPathTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PipelinedRequests_InOneWrite_AreAnsweredInOrder()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var text = await TestProxies.RawExchangeAsync(proxy,
            "GET /a HTTP/1.1\r\nHost: svc\r\n\r\n" +
            "GET /status?code=204 HTTP/1.1\r\nHost: svc\r\n\r\n" +
            "GET /b HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");

        StatusLines(text).ShouldBe(["HTTP/1.1 200 OK", "HTTP/1.1 204 No Content", "HTTP/1.1 200 OK"]);
        upstream.Requests.ShouldBe(3);
        text.ShouldEndWith("hello\r\n0\r\n\r\n");
    }

    [Fact]
    public async Task ChunkedRequestBody_IsForwardedUnchangedAndEchoed()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var text = await TestProxies.RawExchangeAsync(proxy,
            "POST /echo HTTP/1.1\r\nHost: svc\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            "6\r\nhello \r\n5;ext=1\r\nworld\r\n0\r\n\r\n");

        StatusLines(text).ShouldBe(["HTTP/1.1 200 OK"]);
        text.ShouldContain("hello world");
    }

    [Fact]
    public async Task HeadThenGet_OnOneConnection_HeadResponseHasNoBody()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var text = await TestProxies.RawExchangeAsync(proxy,
            "HEAD / HTTP/1.1\r\nHost: svc\r\n\r\n" +
            "GET / HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");

        StatusLines(text).ShouldBe(["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"]);
        Regex.Count(text, "hello").ShouldBe(1);
    }

    [Fact]
    public async Task Http10Request_IsHandedToTheFullServerAndStillForwarded()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var text = await proxy.RawExchangeAsync("GET / HTTP/1.0\r\nHost: svc\r\n\r\n");

        StatusLines(text).ShouldBe(["HTTP/1.1 200 OK"]);
        text.ShouldContain("hello");
    }

    [Fact]
    public async Task ConnectionHeaderOptions_AreDroppedWithTheHeadersTheyName()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        var text = await TestProxies.RawExchangeAsync(proxy,
            "GET / HTTP/1.1\r\nHost: svc\r\nConnection: x-private, close\r\nX-Private: 1\r\nX-App: 2\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n\r\n");

        text.ShouldContain("x-seen-headers: host,te,x-app\r\n");
        text.ShouldContain("Connection: close\r\n");
    }

    [Fact]
    public async Task ContentLengthWithChunked_GoesToTheFullServer_WhichAnswersOnceAndCloses()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);

        // The fast path refuses the ambiguous framing; Kestrel applies RFC 9112 §6.1 (chunked wins, then close), so
        // the bytes after the chunked body never become a request — on neither hop.
        var text = await TestProxies.RawExchangeAsync(proxy,
            "POST /echo HTTP/1.1\r\nHost: svc\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
            "GET /second HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");

        StatusLines(text).ShouldBe(["HTTP/1.1 200 OK"]);
        upstream.Requests.ShouldBe(1);
        text.ShouldContain("Connection: close\r\n");
    }

    [Fact]
    public async Task Curl_KeepAliveAndChunkedUpload_Work()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http1]);
        var url = proxy.Url().ToString();

        var (code, output) = await TestProxies.CurlAsync("-s", "--http1.1", url, url, "-H", "Transfer-Encoding: chunked", "--data-binary", "posted", url + "echo");

        code.ShouldBe(0);
        output.ShouldBe("hellohelloposted");
        upstream.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task ServerShutdown_ClosesAnIdleKeepAliveConnection()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var proxy = await TestProxies.StartAsync([upstream.Http1]);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        var stream = client.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: svc\r\n\r\n"u8.ToArray());
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            received.Append(Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer).AsTask().WaitAsync(Bound)));

        // Kestrel waits up to its shutdown timeout (30 s) for connections that do not close themselves.
        var stopping = proxy.DisposeAsync().AsTask();
        (await stream.ReadAsync(buffer).AsTask().WaitAsync(Bound)).ShouldBe(0);
        await stopping.WaitAsync(Bound);
    }

    [Fact]
    public void FastPath_ForPlainHttp1Listener_IsOn()
    {
        // Guards the benchmark's premise: the tests above exercise the fast path, not the Kestrel fallback.
        Environment.GetEnvironmentVariable("WEFT_HTTP1_FAST_PATH").ShouldNotBe("0");
        ProxyServer.InlineCompletions.ShouldBe(Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1");
    }

    private static string[] StatusLines(string text) => [.. StatusLine().Matches(text).Select(m => m.Value.TrimEnd('\r'))];

    [GeneratedRegex(@"HTTP/1\.1 \d{3}[^\n]*")]
    private static partial Regex StatusLine();
}
