using System.Net;

namespace Weft.Cni.Tests.Privileged;

/// <summary>The weft main plugin with weft-ipam through the real calling convention in real namespaces.</summary>
public class WeftPluginTests
{
    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public async Task AddCheckDel_ConfiguresReachablePodAndRemovesEverything(string version)
    {
        await using var node = await CniTestNode.CreateAsync();
        var pod = await node.CreatePodAsync("p1");
        var config = node.Config(version, "net", node.WeftIpam("10.250.0.0/24"));

        var add = (await node.InvokeAsync("weft", "ADD", config, "c1", pod)).ShouldSucceed();

        var json = add.Json;
        json.GetProperty("cniVersion").GetString().ShouldBe(version);
        var ip = json.GetProperty("ips")[0];
        ip.GetProperty("address").GetString().ShouldBe("10.250.0.2/32");
        ip.TryGetProperty("version", out var ipVersion).ShouldBe(version == "0.4.0");
        if (version == "0.4.0")
        {
            ipVersion.GetString().ShouldBe("4");
        }

        json.GetProperty("interfaces")[1].GetProperty("sandbox").GetString().ShouldBe(pod);
        (await node.CanReachAsync(IPAddress.Parse("10.250.0.2"))).ShouldBeTrue();
        var hostLink = json.GetProperty("interfaces")[0].GetProperty("name").GetString()!;
        (await node.HostLinksAsync()).ShouldBe([hostLink]);
        node.Allocations("net").ShouldBe(["10.250.0.2"]);

        var withPrev = CniTestNode.With(config, "\"prevResult\":" + add.Stdout);
        (await node.InvokeAsync("weft", "CHECK", withPrev, "c1", pod)).ShouldSucceed();

        (await node.InvokeAsync("weft", "DEL", withPrev, "c1", pod)).ShouldSucceed();
        (await node.HostLinksAsync()).ShouldBeEmpty();
        node.Allocations("net").ShouldBeEmpty();
        (await node.InvokeAsync("weft", "CHECK", withPrev, "c1", pod)).Succeeded.ShouldBeFalse("CHECK after DEL must fail");
    }

    [Fact]
    public async Task Version_ReportsAllSupportedVersions()
    {
        await using var node = await CniTestNode.CreateAsync();

        foreach (var plugin in new[] { "weft", "weft-ipam" })
        {
            var call = (await node.InvokeAsync(plugin, "VERSION", """{"cniVersion":"1.1.0"}""")).ShouldSucceed();
            call.Json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString())
                .ShouldBe(["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]);
        }
    }

    [Fact]
    public async Task StatusAndGc_V110_ReclaimAttachmentsNotValid()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.1.0", "net", node.WeftIpam("10.250.0.0/24"));
        var keep = await node.CreatePodAsync("keep");
        var leak = await node.CreatePodAsync("leak");
        (await node.InvokeAsync("weft", "STATUS", config)).ShouldSucceed();
        (await node.InvokeAsync("weft", "ADD", config, "keep", keep)).ShouldSucceed();
        (await node.InvokeAsync("weft", "ADD", config, "leak", leak)).ShouldSucceed();
        (await node.HostLinksAsync()).Count.ShouldBe(2);

        var gc = CniTestNode.With(config, """ "cni.dev/valid-attachments":[{"containerID":"keep","ifname":"eth0"}]""");
        (await node.InvokeAsync("weft", "GC", gc)).ShouldSucceed();

        node.Allocations("net").ShouldBe(["10.250.0.2"]);
        (await node.HostLinksAsync()).ShouldHaveSingleItem();
        (await node.CanReachAsync(IPAddress.Parse("10.250.0.2"))).ShouldBeTrue();
    }

    [Fact]
    public async Task Del_UnknownContainerMissingNetnsAndRepeated_AllSucceed()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));
        var pod = await node.CreatePodAsync("p1");

        (await node.InvokeAsync("weft", "DEL", config, "never-added", "/var/run/netns/does-not-exist")).ShouldSucceed();
        (await node.InvokeAsync("weft", "DEL", config, "never-added")).ShouldSucceed();

        (await node.InvokeAsync("weft", "ADD", config, "c1", pod)).ShouldSucceed();
        await node.DeletePodAsync(pod);
        (await node.InvokeAsync("weft", "DEL", config, "c1", pod)).ShouldSucceed();
        (await node.InvokeAsync("weft", "DEL", config, "c1", pod)).ShouldSucceed();

        node.Allocations("net").ShouldBeEmpty();
        (await node.HostLinksAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{not json", 6)]
    [InlineData("""{"cniVersion":"0.2.0","name":"n","type":"weft","ipam":{"type":"weft-ipam","subnet":"10.0.0.0/24"}}""", 1)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"weft"}""", 7)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"weft","mtu":12,"ipam":{"type":"weft-ipam","subnet":"10.0.0.0/24"}}""", 7)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"weft","ipam":{"type":"weft-ipam","subnet":"10.0.0.0/33"}}""", 7)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"weft","ipam":{"type":"no-such-ipam"}}""", 7)]
    public async Task Add_BadConfig_ReturnsSpecErrorCodeAndChangesNothing(string config, int code)
    {
        await using var node = await CniTestNode.CreateAsync();
        var pod = await node.CreatePodAsync("p1");

        var call = await node.InvokeAsync("weft", "ADD", config, "c1", pod);

        call.ExitCode.ShouldNotBe(0);
        call.ErrorCode.ShouldBe(code, call.ToString());
        call.ErrorMessage.ShouldNotBeNullOrWhiteSpace();
        (await node.HostLinksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Add_MissingEnvironment_IsCode4_AndGcBefore110_IsCode1()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));

        var add = await node.InvokeAsync("weft", "ADD", config, "c1", netns: null);
        add.ErrorCode.ShouldBe(4);
        add.ErrorMessage.ShouldContain("CNI_NETNS");

        (await node.InvokeAsync("weft", "GC", config)).ErrorCode.ShouldBe(1);
        (await node.InvokeAsync("weft", "CHECK", node.Config("0.3.1", "net", node.WeftIpam("10.250.0.0/24")), "c1", "/x")).ErrorCode.ShouldBe(1);
    }
}
