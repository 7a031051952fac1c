using System.Net;
using Weft.Cni.Plugin;
using Weft.Cni.Spec;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;

namespace Weft.Cni.Tests.Unit;

public class PodNetworkPlanTests
{
    private static readonly CniResult Ipam = new()
    {
        Ips = [new CniIpConfig(new CidrAddress(IPAddress.Parse("10.244.1.7"), 24), IPAddress.Parse("10.244.1.1"))],
    };

    private static PodNetworkPlan Plan(CniResult? ipam = null) => PodNetworkPlan.Create(
        new WeftConfig { IpamType = "weft-ipam", Mtu = 1450 }, "c1", "eth0", NetnsRef.Named("pod1"), ipam ?? Ipam);

    [Fact]
    public void Create_HostSide_VethWithPeerInPodAndHostRoute()
    {
        var plan = Plan();

        var veth = plan.HostOperations.OfType<AddVeth>().ShouldHaveSingleItem();
        veth.Name.ShouldBe(plan.HostInterface);
        veth.PeerName.ShouldBe("eth0");
        veth.PeerNetns!.Path.ShouldBe("/var/run/netns/pod1");
        veth.Mtu.ShouldBe(1450);
        var route = plan.HostOperations.OfType<AddRoute>().ShouldHaveSingleItem().Route;
        route.Destination.ToString().ShouldBe("10.244.1.7/32");
        route.Device.ShouldBe(plan.HostInterface);
        plan.NodeSysctls.ShouldContain(new KeyValuePair<string, string>("net.ipv4.ip_forward", "1"));
    }

    [Fact]
    public void Create_PodSide_HostAddressAndDefaultRouteViaPinnedLinkLocalGateway()
    {
        var plan = Plan();

        plan.PodOperations.OfType<AddAddress>().ShouldHaveSingleItem().ShouldBe(new AddAddress("eth0", IPAddress.Parse("10.244.1.7"), 32));
        plan.PodOperations.OfType<AddNeighbor>().ShouldHaveSingleItem().ShouldBe(new AddNeighbor("eth0", PodNetworkPlan.GatewayV4, PodNetworkPlan.HostMac));
        plan.PodOperations.OfType<AddRoute>().Select(r => r.Route.Destination.ToString()).ShouldBe(["169.254.1.1/32", "0.0.0.0/0"]);
        plan.Result.Ips.ShouldHaveSingleItem().Address.ToString().ShouldBe("10.244.1.7/32");
        plan.Result.Ips[0].Interface.ShouldBe(1);
        plan.Result.Interfaces[1].Sandbox.ShouldBe("/var/run/netns/pod1");
    }

    [Fact]
    public void Create_IpamRoutes_ReplaceTheDefaultRoute()
    {
        var plan = Plan(Ipam with { Routes = [new CniRoute(Weft.Api.Net.IpPrefix.Parse("10.96.0.0/12"))] });

        plan.PodOperations.OfType<AddRoute>().Select(r => r.Route.Destination.ToString()).ShouldBe(["169.254.1.1/32", "10.96.0.0/12"]);
    }

    [Fact]
    public void HostInterfaceName_IsStablePerAttachmentAnd15Chars()
    {
        var a = HostInterfaceName.For("weft", "c1", "eth0");

        a.Length.ShouldBe(15);
        a.ShouldStartWith("weft");
        HostInterfaceName.For("weft", "c1", "eth0").ShouldBe(a);
        HostInterfaceName.For("weft", "c1", "eth1").ShouldNotBe(a);
        HostInterfaceName.Matches("weft", a).ShouldBeTrue();
        HostInterfaceName.Matches("weft", "weftbr0").ShouldBeFalse();
    }
}
