using Weft.Mesh.Balancing;
using Weft.Mesh.Tests.Support;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Proxy;

public sealed class EndpointWatchTests
{
    [Fact]
    public async Task PublishedEndpointSet_IsUsedByTheRunningProxyForNextRequests()
    {
        await using var first = await TestUpstream.StartAsync("first");
        await using var second = await TestUpstream.StartAsync("second");
        var endpoints = new LatestValue<EndpointSet>(EndpointSet.Of(first.Http1));
        await using var proxy = await TestProxies.StartAsync([], endpoints: endpoints);
        using var client = TestProxies.Http1Client();
        (await client.GetAsync(proxy.Url())).Headers.GetValues("x-seen-upstream").Single().ShouldBe("first");

        endpoints.Publish(EndpointSet.Of(second.Http1));

        (await client.GetAsync(proxy.Url())).Headers.GetValues("x-seen-upstream").Single().ShouldBe("second");
    }

    [Fact]
    public async Task WaitNewer_CompletesOnPublish()
    {
        var watch = new LatestValue<EndpointSet>(EndpointSet.Of());
        var waiting = watch.WaitNewerAsync(watch.Version, CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse();

        watch.Publish(EndpointSet.Of(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1)));

        (await waiting).Endpoints.Length.ShouldBe(1);
    }
}
