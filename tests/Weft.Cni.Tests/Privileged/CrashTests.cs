using System.Net;

namespace Weft.Cni.Tests.Privileged;

/// <summary>An ADD killed (SIGKILL, no cleanup) at injected points leaves no duplicate and nothing GC cannot reclaim.</summary>
public class CrashTests
{
    private static Dictionary<string, string> Fault(string point) => new() { ["WEFT_CNI_FAULT"] = point };

    [Fact]
    public async Task Ipam_KilledAfterReserve_RetryGetsSameAddressAndGcReclaims()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.1.0", "net", node.WeftIpam("10.250.0.0/24"));
        var crashed = await node.CreatePodAsync("crashed");
        var other = await node.CreatePodAsync("other");

        var killed = await node.InvokeAsync("weft", "ADD", config, "crashed", crashed, extraEnvironment: Fault("after-reserve"));

        killed.ExitCode.ShouldBe(137, killed.ToString());
        killed.Stdout.ShouldBeEmpty();
        node.Allocations("net").ShouldBe(["10.250.0.2"]);

        var retried = (await node.InvokeAsync("weft", "ADD", config, "crashed", crashed)).ShouldSucceed();
        retried.PodAddress().ShouldBe("10.250.0.2", "a retried ADD must not take a second address");
        (await node.InvokeAsync("weft", "ADD", config, "other", other)).ShouldSucceed().PodAddress().ShouldBe("10.250.0.3");
        node.Allocations("net").ShouldBe(["10.250.0.2", "10.250.0.3"]);

        // The runtime gave up on "crashed" and never called DEL: GC reclaims its address and link.
        var gc = CniTestNode.With(config, """ "cni.dev/valid-attachments":[{"containerID":"other","ifname":"eth0"}]""");
        (await node.InvokeAsync("weft", "GC", gc)).ShouldSucceed();
        node.Allocations("net").ShouldBe(["10.250.0.3"]);
        (await node.HostLinksAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Ipam_KilledBetweenTempWriteAndRename_LeavesNoRecordAndTempIsCleaned()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));
        var pod = await node.CreatePodAsync("p1");

        var killed = await node.InvokeAsync("weft-ipam", "ADD", config, "c1", pod, extraEnvironment: Fault("after-tempfile"));

        killed.ExitCode.ShouldBe(137);
        node.Allocations("net").ShouldBeEmpty();
        node.TempFiles("net").ShouldHaveSingleItem();

        (await node.InvokeAsync("weft-ipam", "ADD", config, "c1", pod)).ShouldSucceed().PodAddress().ShouldBe("10.250.0.2");
        node.TempFiles("net").ShouldBeEmpty();
        node.Allocations("net").ShouldBe(["10.250.0.2"]);
    }

    [Fact]
    public async Task Plugin_KilledAfterVeth_RetryAddSucceedsWithSameAddress()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));
        var pod = await node.CreatePodAsync("p1");

        (await node.InvokeAsync("weft", "ADD", config, "c1", pod, extraEnvironment: Fault("after-veth"))).ExitCode.ShouldBe(137);
        (await node.HostLinksAsync()).ShouldHaveSingleItem("the host veth was created before the kill");

        var retried = (await node.InvokeAsync("weft", "ADD", config, "c1", pod)).ShouldSucceed();

        retried.PodAddress().ShouldBe("10.250.0.2");
        node.Allocations("net").ShouldBe(["10.250.0.2"]);
        (await node.CanReachAsync(IPAddress.Parse("10.250.0.2"))).ShouldBeTrue();
    }
}
