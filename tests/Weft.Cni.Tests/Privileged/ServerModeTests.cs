using System.Diagnostics;
using System.Net;
using Weft.Cni.Install;
using Weft.Datapath.Linux.Processes;

namespace Weft.Cni.Tests.Privileged;

/// <summary>
/// The resident form: thin native clients (compiled by the installer) forward requests to `weft-cni serve` in
/// the node namespace; without a server they fall back to the exec'd plugin.
/// </summary>
public class ServerModeTests
{
    [Fact]
    public async Task ThinClient_WithServer_AddsAndDeletes_AndFallsBackWhenServerStops()
    {
        await using var node = await CniTestNode.CreateAsync();
        var socket = Path.Combine(node.WorkDir, "cni.sock");
        await CniInstaller.InstallAsync(new CniInstallOptions
        {
            BinDir = node.BinDir,
            HostPath = Path.Combine(AppContext.BaseDirectory, "weft-cni"),
            DotnetRoot = "/usr/share/dotnet",
            ServerSocket = socket,
        }, SystemProcessRunner.Instance, CancellationToken.None);
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));
        var pod = await node.CreatePodAsync("p1");
        using var server = Process.Start(new ProcessStartInfo("nsenter")
        {
            ArgumentList = { $"--net={node.Node.Path}", Path.Combine(AppContext.BaseDirectory, "weft-cni"), "serve", socket },
            RedirectStandardError = true,
        })!;
        try
        {
            using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (!File.Exists(socket))
                {
                    await Task.Delay(50, ready.Token); // waiting for the server to bind, not for time to pass
                }
            }

            var add = (await node.InvokeAsync("weft", "ADD", config, "c1", pod)).ShouldSucceed();
            add.PodAddress().ShouldBe("10.250.0.2");
            (await node.CanReachAsync(IPAddress.Parse("10.250.0.2"))).ShouldBeTrue();
            (await node.InvokeAsync("weft", "ADD", config, "c1", pod, extraEnvironment: new Dictionary<string, string> { ["CNI_IFNAME"] = "a/b" }))
                .ErrorCode.ShouldBe(4, "errors come back through the server with their code");
            (await node.InvokeAsync("weft", "DEL", config, "c1", pod)).ShouldSucceed();
            node.Allocations("net").ShouldBeEmpty();
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        var fallback = (await node.InvokeAsync("weft", "ADD", config, "c2", pod)).ShouldSucceed();
        fallback.PodAddress().ShouldBe("10.250.0.3");
        (await node.InvokeAsync("weft", "DEL", config, "c2", pod)).ShouldSucceed();
        (await node.HostLinksAsync()).ShouldBeEmpty();
    }
}
