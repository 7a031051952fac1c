using System.Net;
using Weft.Api.Net;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;
using Weft.Datapath.Linux.IpRoute;

namespace Weft.Cni.Tests.Unit;

public class IpBatchRendererTests
{
    [Fact]
    public void Render_Operations_AreIproute2BatchLines()
    {
        var text = IpBatchRenderer.Render([
            new AddVeth("weft0", "eth0", NetnsRef.Named("p")) { Mac = "ee:ee:ee:ee:ee:ee", Mtu = 1500 },
            new SetLink("weft0") { Up = true },
            new AddRoute(new RouteSpec(IpPrefix.Parse("10.0.0.2/32")) { Device = "weft0", LinkScope = true }, Replace: true),
            new AddRoute(new RouteSpec(IpPrefix.Parse("0.0.0.0/0")) { Gateway = IPAddress.Parse("169.254.1.1"), Device = "eth0" }),
            new AddNeighbor("eth0", IPAddress.Parse("169.254.1.1"), "ee:ee:ee:ee:ee:ee"),
            new AddVxlan("vx0", 42) { Local = IPAddress.Parse("172.31.0.2"), Learning = false },
        ]);

        text.ShouldBe("""
            link add weft0 address ee:ee:ee:ee:ee:ee mtu 1500 type veth peer name eth0 mtu 1500 netns /var/run/netns/p
            link set dev weft0 up
            route replace 10.0.0.2/32 dev weft0 scope link
            route add default via 169.254.1.1 dev eth0
            neigh replace 169.254.1.1 lladdr ee:ee:ee:ee:ee:ee dev eth0 nud permanent
            link add vx0 type vxlan id 42 local 172.31.0.2 dstport 4789 nolearning

            """.Replace("\r", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("x\nlink del eth0")]
    [InlineData("a-name-longer-than-15")]
    public void Render_UnsafeInterfaceName_Throws(string name) =>
        Should.Throw<ArgumentException>(() => IpBatchRenderer.Render([new DeleteLink(name)]));

    [Fact]
    public void NetnsRef_FromRunDirectoryPath_IsNamed()
    {
        NetnsRef.FromPath("/var/run/netns/pod1").Name.ShouldBe("pod1");
        NetnsRef.FromPath("/run/netns/pod1").Name.ShouldBe("pod1");
        NetnsRef.FromPath("/proc/42/ns/net").Name.ShouldBeNull();
    }
}
