using System.Net;
using System.Net.Sockets;

namespace Weft.Cni.Tests.Privileged;

/// <summary>Weft's plugins together with the reference plugins from containernetworking-plugins.</summary>
public class InteropTests
{
    [Fact]
    public async Task ReferenceBridge_WithWeftIpam_AddCheckDel()
    {
        await using var node = await CniTestNode.CreateAsync();
        var bridge = node.Prefix.Replace("-", "", StringComparison.Ordinal) + "br";
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.251.0.0/24"), type: "bridge",
            extra: $$""","bridge":"{{bridge}}","isGateway":true""");
        var pod = await node.CreatePodAsync("p1");

        var add = (await node.InvokeAsync("bridge", "ADD", config, "c1", pod)).ShouldSucceed();

        add.Json.GetProperty("ips")[0].GetProperty("address").GetString().ShouldBe("10.251.0.2/24");
        add.Json.GetProperty("ips")[0].GetProperty("gateway").GetString().ShouldBe("10.251.0.1");
        node.Allocations("net").ShouldBe(["10.251.0.2"]);
        (await node.CanReachAsync(IPAddress.Parse("10.251.0.2"))).ShouldBeTrue();
        var withPrev = CniTestNode.With(config, "\"prevResult\":" + add.Stdout);
        (await node.InvokeAsync("bridge", "CHECK", withPrev, "c1", pod)).ShouldSucceed();

        (await node.InvokeAsync("bridge", "DEL", withPrev, "c1", pod)).ShouldSucceed();
        node.Allocations("net").ShouldBeEmpty();
    }

    [Fact]
    public async Task Weft_WithHostLocalIpam_AddDel()
    {
        await using var node = await CniTestNode.CreateAsync();
        var ipam = $$"""{"type":"host-local","subnet":"10.252.0.0/24","dataDir":"{{node.DataDir}}"}""";
        var config = node.Config("1.0.0", "net", ipam);
        var pod = await node.CreatePodAsync("p1");

        var add = (await node.InvokeAsync("weft", "ADD", config, "c1", pod)).ShouldSucceed();

        add.PodAddress().ShouldBe("10.252.0.2");
        (await node.CanReachAsync(IPAddress.Parse("10.252.0.2"))).ShouldBeTrue();
        File.Exists(Path.Combine(node.DataDir, "net", "10.252.0.2")).ShouldBeTrue("host-local recorded the allocation");
        var withPrev = CniTestNode.With(config, "\"prevResult\":" + add.Stdout);
        (await node.InvokeAsync("weft", "CHECK", withPrev, "c1", pod)).ShouldSucceed();

        (await node.InvokeAsync("weft", "DEL", config, "c1", pod)).ShouldSucceed();
        File.Exists(Path.Combine(node.DataDir, "net", "10.252.0.2")).ShouldBeFalse();
        (await node.HostLinksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Conflist_WeftThenPortmap_HostPortReachesPod()
    {
        await using var node = await CniTestNode.CreateAsync();
        var pod = await node.CreatePodAsync("p1");
        var weft = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));
        const string runtimeConfig = """ "runtimeConfig":{"portMappings":[{"hostPort":18080,"containerPort":80,"protocol":"tcp"}]}""";

        var add = (await node.InvokeAsync("weft", "ADD", weft, "c1", pod)).ShouldSucceed();
        var portmap = $$"""{"cniVersion":"1.0.0","name":"net","type":"portmap","capabilities":{"portMappings":true},{{runtimeConfig}},"prevResult":{{add.Stdout}}}""";
        var chained = (await node.InvokeAsync("portmap", "ADD", portmap, "c1", pod)).ShouldSucceed();
        chained.PodAddress().ShouldBe("10.250.0.2", "portmap passes the prevResult through");

        var podAddress = IPAddress.Parse("10.250.0.2");
        using var listener = await CniTestNode.Netns.RunInAsync(Datapath.Linux.Abstractions.NetnsRef.FromPath(pod), () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(podAddress, 80));
            socket.Listen();
            return socket;
        }, CancellationToken.None);
        var accepted = listener.AcceptAsync();
        using (var client = await CniTestNode.Netns.RunInAsync(node.Node, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), CancellationToken.None))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ConnectAsync(new IPEndPoint(CniTestNode.NodeAddress, 18080), timeout.Token);
            using var server = await accepted.WaitAsync(timeout.Token);
            server.LocalEndPoint.ShouldBe(new IPEndPoint(podAddress, 80));
        }

        var portmapDel = portmap.Replace(add.Stdout, chained.Stdout, StringComparison.Ordinal);
        (await node.InvokeAsync("portmap", "DEL", portmapDel, "c1", pod)).ShouldSucceed();
        (await node.InvokeAsync("weft", "DEL", CniTestNode.With(weft, "\"prevResult\":" + add.Stdout), "c1", pod)).ShouldSucceed();
        node.Allocations("net").ShouldBeEmpty();
    }
}
