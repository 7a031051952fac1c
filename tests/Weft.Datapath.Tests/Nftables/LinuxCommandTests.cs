using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Tests.Nftables;

public sealed class LinuxCommandTests
{
    [Fact]
    public void ConntrackArguments_RemovedUdpBackend_MatchOriginalServiceAndReplyingBackend()
    {
        var filter = new ConntrackFlowFilter
        {
            Protocol = Protocol.Udp,
            OriginalDestination = IPAddress.Parse("10.96.0.10"),
            OriginalDestinationPort = 53,
            ReplySource = IPAddress.Parse("10.244.1.5"),
            ReplySourcePort = 5353,
        };

        NetnsConntrack.Arguments(filter).ShouldBe(
            ["conntrack", "-D", "-p", "udp", "--orig-dst", "10.96.0.10", "--orig-port-dst", "53", "--reply-src", "10.244.1.5", "--reply-port-src", "5353"]);
    }

    [Fact]
    public void NetnsNftables_WithoutNamespace_IsRefused() =>
        Should.Throw<ArgumentException>(() => new NetnsNftables(""));

    [Fact]
    public void Names_SameServicePort_AreStableAndDistinctPerEndpoint()
    {
        var id = NftNames.ServicePortId("shop/cart", Protocol.Tcp, "http", 80);

        NftNames.ServiceChain(id).ShouldBe(NftNames.ServiceChain(id));
        NftNames.ServiceChain(id).ShouldStartWith("svc-");
        NftNames.ServiceChain(id).ShouldEndWith("-shop/cart/tcp/http");
        NftNames.EndpointChain(id, "10.244.1.5/8080").ShouldNotBe(NftNames.EndpointChain(id, "10.244.1.6/8080"));
        NftNames.AffinitySet(id, "10.244.1.5/8080", 60).ShouldNotBe(NftNames.AffinitySet(id, "10.244.1.5/8080", 120));
    }
}
