using System.Net;

namespace Weft.Cni.Tests.Privileged;

public class ConcurrencyTests
{
    [Fact]
    public async Task Add_50Concurrent_AllDistinctAndReachable_ThenDelAllLeavesNothing()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/24"));
        var pods = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            pods.Add(await node.CreatePodAsync($"p{i}"));
        }

        var adds = await Task.WhenAll(pods.Select((pod, i) => node.InvokeAsync("weft", "ADD", config, $"c{i}", pod)));

        foreach (var add in adds)
        {
            add.ShouldSucceed();
        }

        var addresses = adds.Select(a => a.PodAddress()).ToList();
        addresses.Distinct().Count().ShouldBe(50);
        node.Allocations("net").Count.ShouldBe(50);
        var reachable = await Task.WhenAll(addresses.Select(a => node.CanReachAsync(IPAddress.Parse(a))));
        reachable.ShouldAllBe(r => r);

        var dels = await Task.WhenAll(pods.Select((pod, i) => node.InvokeAsync("weft", "DEL", config, $"c{i}", pod)));
        dels.ShouldAllBe(d => d.Succeeded);
        node.Allocations("net").ShouldBeEmpty();
        (await node.HostLinksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AddDelChurn_LeaksNothingAndEveryPodIsReachable()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.0.0", "net", node.WeftIpam("10.250.0.0/29"));
        var pod = await node.CreatePodAsync("p");
        var seen = new HashSet<string>();

        for (var i = 0; i < 12; i++)
        {
            var add = (await node.InvokeAsync("weft", "ADD", config, $"churn{i}", pod)).ShouldSucceed();
            seen.Add(add.PodAddress());
            (await node.CanReachAsync(IPAddress.Parse(add.PodAddress()))).ShouldBeTrue($"iteration {i}");
            (await node.InvokeAsync("weft", "DEL", config, $"churn{i}", pod)).ShouldSucceed();
        }

        seen.Count.ShouldBe(5, "a /29 has five allocatable addresses and churn cycles through them round-robin");
        node.Allocations("net").ShouldBeEmpty();
        (await node.HostLinksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Exhaustion_IsCode100NamingRange_StatusIs50_AndDelRecovers()
    {
        await using var node = await CniTestNode.CreateAsync();
        var config = node.Config("1.1.0", "net", node.WeftIpam("10.250.0.0/29", ""","rangeStart":"10.250.0.2","rangeEnd":"10.250.0.4" """));
        var pods = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            pods.Add(await node.CreatePodAsync($"p{i}"));
        }

        for (var i = 0; i < 3; i++)
        {
            (await node.InvokeAsync("weft", "ADD", config, $"c{i}", pods[i])).ShouldSucceed();
        }

        var full = await node.InvokeAsync("weft", "ADD", config, "c3", pods[3]);
        full.ErrorCode.ShouldBe(100);
        full.ErrorMessage.ShouldContain("10.250.0.0/29 (10.250.0.2-10.250.0.4)");
        (await node.HostLinksAsync()).Count.ShouldBe(3, "a failed ADD leaves no link behind");
        (await node.InvokeAsync("weft", "STATUS", config)).ErrorCode.ShouldBe(50);

        (await node.InvokeAsync("weft", "DEL", config, "c1", pods[1])).ShouldSucceed();

        (await node.InvokeAsync("weft", "STATUS", config)).ShouldSucceed();
        var recovered = (await node.InvokeAsync("weft", "ADD", config, "c3", pods[3])).ShouldSucceed();
        recovered.PodAddress().ShouldBe("10.250.0.3");
        (await node.CanReachAsync(IPAddress.Parse("10.250.0.3"))).ShouldBeTrue();
    }
}
