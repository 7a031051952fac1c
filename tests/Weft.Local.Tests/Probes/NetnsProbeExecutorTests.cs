using System.Net;
using System.Net.Sockets;
using Weft.Local.Probes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Probes;

/// <summary>Functional: the probe executor against real loopback listeners and real commands (no namespace).</summary>
public sealed class NetnsProbeExecutorTests
{
    private readonly NetnsProbeExecutor _executor = new(TimeProvider.System);

    [Fact]
    public async Task TcpSocket_OpenAndClosedPorts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = FreePort.Get();

        (await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.TcpSocket, Port = open }, null, TimeSpan.FromSeconds(5), CancellationToken.None)).Success.ShouldBeTrue();
        var failed = await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.TcpSocket, Port = closed }, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        failed.Success.ShouldBeFalse();
        failed.Message!.ShouldContain("connection refused");
    }

    [Fact]
    public async Task HttpGet_AgainstEchoApp_SucceedsOnHealthzFailsOn500()
    {
        var port = FreePort.Get();
        await using var serve = await ServeProcess.StartAsync(["--http", port.ToString()]);

        (await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.HttpGet, Port = port, Path = "/healthz" }, null, TimeSpan.FromSeconds(5), CancellationToken.None)).Success.ShouldBeTrue();
        (await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.HttpGet, Port = port, Path = "/status/500" }, null, TimeSpan.FromSeconds(5), CancellationToken.None)).Message!.ShouldContain("HTTP 500");
    }

    [Fact]
    public async Task Exec_ExitCodeDecides()
    {
        (await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.Exec, Command = ["true"] }, null, TimeSpan.FromSeconds(5), CancellationToken.None)).Success.ShouldBeTrue();
        var failed = await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.Exec, Command = ["sh", "-c", "echo not yet; exit 1"] }, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        failed.Message.ShouldBe("command exited with 1: not yet");
    }

    [Fact]
    public async Task Exec_Timeout_Fails()
    {
        var verdict = await _executor.RunAsync(new ProbeAction { Kind = ProbeActionKind.Exec, Command = ["sleep", "30"] }, null, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        verdict.Message!.ShouldStartWith("command timed out");
    }
}
