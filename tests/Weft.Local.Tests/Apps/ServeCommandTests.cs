using System.Net;
using System.Net.Sockets;
using System.Text;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Apps;

/// <summary>Functional: a real <c>weft app serve</c> process on loopback, answered by curl and plain sockets.</summary>
public sealed class ServeCommandTests
{
    private static readonly Dictionary<string, string> Identity = new()
    {
        ["WEFT_POD_NAME"] = "web-0",
        ["WEFT_POD_NAMESPACE"] = "shop",
        ["WEFT_NODE_NAME"] = "node1",
    };

    [Fact]
    public async Task Serve_Http_AnswersCurlWithIdentityClientAndRequestLine()
    {
        var port = FreePort.Get();
        await using var serve = await ServeProcess.StartAsync(["--http", port.ToString(), "--bind", "127.0.0.1"], Identity);

        var result = await Curl.GetAsync($"http://127.0.0.1:{port}/hello");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldStartWith("pod=web-0 namespace=shop node=node1 client=127.0.0.1:");
        result.Stdout.ShouldEndWith(" request=\"GET /hello HTTP/1.1\"\n");
    }

    [Fact]
    public async Task Serve_Http_StatusHealthzAndDelayPaths()
    {
        var port = FreePort.Get();
        await using var serve = await ServeProcess.StartAsync(["--http", port.ToString()], Identity);

        (await Curl.GetAsync("-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/status/503")).Stdout.ShouldBe("503");
        (await Curl.GetAsync($"http://127.0.0.1:{port}/healthz")).Stdout.ShouldBe("ok\n");
        (await Curl.GetAsync("-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/delay/10")).Stdout.ShouldBe("200");
        (await Curl.GetAsync("-o", "/dev/null", "-w", "%{http_code}", $"http://[::1]:{port}/status/204")).Stdout.ShouldBe("204");
    }

    [Fact]
    public async Task Serve_Http_KeepAliveServesSeveralRequestsOnOneConnection()
    {
        var port = FreePort.Get();
        await using var serve = await ServeProcess.StartAsync(["--http", port.ToString()], Identity);

        var result = await Curl.GetAsync("-H", "Accept: application/json", $"http://127.0.0.1:{port}/a", $"http://127.0.0.1:{port}/b");

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[0].ShouldContain("\"request\":\"GET /a HTTP/1.1\"");
        lines[1].ShouldContain("\"request\":\"GET /b HTTP/1.1\"");
        // Same client port: the second request reused the connection.
        Between(lines[0], "\"client\":\"", "\"").ShouldBe(Between(lines[1], "\"client\":\"", "\""));
    }

    [Fact]
    public async Task Serve_Tcp_EchoesEachLinePrefixedByPodName()
    {
        var port = FreePort.Get();
        await using var serve = await ServeProcess.StartAsync(["--tcp", port.ToString()], Identity);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.UTF8.GetBytes("hello\r\nworld\nlast"));
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream);

        (await reader.ReadToEndAsync()).ShouldBe("web-0: hello\nweb-0: world\nweb-0: last\n");
    }

    [Fact]
    public async Task Serve_Udp_RepliesWithPodNameAndPayload()
    {
        var port = FreePort.Get();
        await using var serve = await ServeProcess.StartAsync(["--udp", port.ToString()], Identity);
        using var client = new UdpClient();
        client.Connect(IPAddress.Loopback, port);

        await client.SendAsync(Encoding.UTF8.GetBytes("ping 1"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reply = await client.ReceiveAsync(timeout.Token);

        Encoding.UTF8.GetString(reply.Buffer).ShouldBe("web-0: ping 1");
    }

    [Fact]
    public async Task Serve_WithoutFlags_ServesWeftPorts()
    {
        var port = FreePort.Get();
        var environment = new Dictionary<string, string>(Identity) { ["WEFT_PORTS"] = $"http:{port},udp:{port}" };
        await using var serve = await ServeProcess.StartAsync([], environment);

        serve.Banner.ShouldContain($"http:[::]:{port}");
        serve.Banner.ShouldContain($"udp:[::]:{port}");
        (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Stdout.ShouldStartWith("pod=web-0 ");
    }

    [Fact]
    public async Task Serve_Sigterm_ExitsZero()
    {
        var port = FreePort.Get();
        var start = WeftCli.StartInfo(["app", "serve", "--tcp", port.ToString()]);
        using var process = System.Diagnostics.Process.Start(start)!;
        (await process.StandardOutput.ReadLineAsync())!.ShouldContain("listening");
        Weft.Local.Processes.ProcStat.TryRead(process.Id, out var startTime, out _).ShouldBeTrue();

        Weft.Local.Processes.ProcessSignals.Send(new(process.Id, startTime), Weft.Local.Processes.ProcessSignal.Terminate).ShouldBeTrue();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData(new[] { "--http", "0" }, "--http: '0' is not a port")]
    [InlineData(new[] { "--bind", "nowhere", "--tcp", "80" }, "--bind: 'nowhere' is not an IP address")]
    [InlineData(new string[0], "no ports")]
    public async Task Serve_BadInput_ExitsTwoWithMessage(string[] arguments, string message)
    {
        var result = await WeftCli.RunAsync(["app", "serve", .. arguments], environment: new Dictionary<string, string> { ["WEFT_PORTS"] = "" });

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain(message);
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
