using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Apps;

/// <summary>Functional: <c>weft app probe</c> exit codes and output against open and closed loopback ports.</summary>
public sealed class ProbeCommandTests : IAsyncLifetime
{
    private readonly int _open;
    private readonly int _tcp;
    private readonly int _closed;
    private ServeProcess? _serve;

    public ProbeCommandTests()
    {
        var ports = FreePort.Distinct(3);
        (_open, _tcp, _closed) = (ports[0], ports[1], ports[2]);
    }

    public async Task InitializeAsync() =>
        _serve = await ServeProcess.StartAsync(["--http", _open.ToString(), "--tcp", _tcp.ToString(), "--udp", _open.ToString()], new Dictionary<string, string> { ["WEFT_POD_NAME"] = "echo-1" });

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }

    [Fact]
    public async Task Probe_TcpOpenPort_ExitsZeroWithJson()
    {
        var result = await WeftCli.RunAsync(["app", "probe", "tcp", $"127.0.0.1:{_tcp}", "-o", "json"]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("target").GetString().ShouldBe($"127.0.0.1:{_tcp}");
        json.RootElement.GetProperty("protocol").GetString().ShouldBe("tcp");
        json.RootElement.GetProperty("connected").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("latencyMs").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        json.RootElement.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Probe_TcpClosedPort_ExitsOneRefused()
    {
        var result = await WeftCli.RunAsync(["app", "probe", "tcp", $"127.0.0.1:{_closed}", "-o", "json"]);

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("\"connected\":false");
        result.Stdout.ShouldContain("\"error\":\"connection refused\"");
    }

    [Fact]
    public async Task Probe_TcpExpect_ChecksTheEchoedLine()
    {
        (await WeftCli.RunAsync(["app", "probe", "tcp", $"127.0.0.1:{_tcp}", "--expect", "echo-1: ping", "--timeout", "5s"])).ExitCode.ShouldBe(0);
        (await WeftCli.RunAsync(["app", "probe", "tcp", $"127.0.0.1:{_tcp}", "--expect", "other-pod", "--timeout", "5s"])).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_UdpEchoPort_ExitsZeroWithReply()
    {
        var result = await WeftCli.RunAsync(["app", "probe", "udp", $"127.0.0.1:{_open}", "--send", "hi", "--timeout", "5s"]);

        result.ExitCode.ShouldBe(0, result.Stdout + result.Stderr);
        result.Stdout.ShouldContain("reply=\"echo-1: hi\"");
    }

    [Fact]
    public async Task Probe_UdpClosedPort_ExitsOne()
    {
        var result = await WeftCli.RunAsync(["app", "probe", "udp", $"127.0.0.1:{_closed}", "--timeout", "300ms"]);

        result.ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_UdpSilentPeer_TimesOut()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;

        var result = await WeftCli.RunAsync(["app", "probe", "udp", $"127.0.0.1:{port}", "--timeout", "200ms", "-o", "json"]);

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("\"error\":\"timed out\"");
    }

    [Theory]
    [InlineData("/", 0)]
    [InlineData("/status/302", 0)]
    [InlineData("/status/404", 1)]
    [InlineData("/status/503", 1)]
    public async Task Probe_Http_SucceedsOn2xxAnd3xxOnly(string path, int exitCode)
    {
        var result = await WeftCli.RunAsync(["app", "probe", "http", $"127.0.0.1:{_open}{path}", "--timeout", "5s"]);

        result.ExitCode.ShouldBe(exitCode, result.Stdout);
    }

    [Fact]
    public async Task Probe_Http_PrintsStatusAndBodyFirstLine()
    {
        var result = await WeftCli.RunAsync(["app", "probe", "http", $"127.0.0.1:{_open}/status/503", "-o", "json", "--timeout", "5s"]);

        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("status").GetInt32().ShouldBe(503);
        json.RootElement.GetProperty("error").GetString().ShouldBe("HTTP 503");
        json.RootElement.GetProperty("reply").GetString()!.ShouldStartWith("pod=echo-1 ");
    }

    [Fact]
    public async Task Probe_MissingTarget_ExitsTwo()
    {
        var result = await WeftCli.RunAsync(["app", "probe", "tcp"]);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("HOST:PORT is required");
    }

    [Theory]
    [InlineData("icmp", "127.0.0.1:80")]
    [InlineData("tcp", "127.0.0.1")]
    [InlineData("tcp", "127.0.0.1:99999")]
    public async Task Probe_BadInput_ExitsTwo(string protocol, string target)
    {
        (await WeftCli.RunAsync(["app", "probe", protocol, target])).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task ProbeMany_MixedTargets_PrintsOneJsonLinePerTargetInOrder()
    {
        var targets = $$"""
            [
              {"id":"open-tcp","protocol":"tcp","target":"127.0.0.1:{{_tcp}}"},
              {"id":"closed-tcp","protocol":"tcp","target":"127.0.0.1:{{_closed}}"},
              {"id":"udp","protocol":"udp","target":"127.0.0.1:{{_open}}","expect":"echo-1"},
              {"id":"http","protocol":"http","target":"127.0.0.1:{{_open}}/healthz"}
            ]
            """;

        var result = await WeftCli.RunAsync(["app", "probe-many", "--targets", "-", "--timeout", "5s"], targets);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => l.GetProperty("id").GetString()).ShouldBe(["open-tcp", "closed-tcp", "udp", "http"]);
        lines.Select(l => l.GetProperty("connected").GetBoolean()).ShouldBe([true, false, true, true]);
    }

    [Fact]
    public async Task ProbeMany_BadEntry_ExitsTwoWithPosition()
    {
        var result = await WeftCli.RunAsync(["app", "probe-many", "--targets", "-"], "[{\"protocol\":\"tcp\"}]");

        result.ExitCode.ShouldBe(2);
        result.Stderr.Trim().ShouldBe("<stdin>:1:2: [0].target: required (HOST:PORT)");
    }
}
