using System.Net;
using Weft.Api.Net;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;
using Weft.Datapath.Linux.IpRoute;
using Weft.Datapath.Linux.Netlink;
using Weft.Datapath.Linux.Netns;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Linux.Sysctl;

namespace Weft.Cni.Tests.Privileged;

/// <summary>The kernel layer the plugins (and the local runtime) build on, against real namespaces.</summary>
public class KernelLayerTests
{
    private static readonly LinuxNetns Netns = new(SystemProcessRunner.Instance);
    private static readonly IpRouteNetlink IpRoute = new(SystemProcessRunner.Instance);

    public static TheoryData<string> Implementations => new() { "rtnetlink", "iproute2" };

    private static INetlink Create(string implementation) =>
        implementation == "rtnetlink" ? new RtNetlink(IpRoute) : IpRoute;

    [Theory]
    [MemberData(nameof(Implementations))]
    public async Task Apply_BridgeVethAddressesRoutes_AreVisibleAndDeletable(string implementation)
    {
        var netlink = Create(implementation);
        var prefix = "wtcni-k" + Random.Shared.Next(0x1000, 0xffff).ToString("x");
        var a = NetnsRef.Named(prefix + "-a");
        var b = NetnsRef.Named(prefix + "-b");
        try
        {
            await Netns.CreateAsync(a.Name!, CancellationToken.None);
            await Netns.CreateAsync(b.Name!, CancellationToken.None);
            Netns.List(prefix + "-").ShouldBe([a.Name!, b.Name!]);

            await netlink.ApplyAsync(a, [
                new AddBridge("wtcnibr0") { Mtu = 1400 },
                new AddVeth("wtcniv0", "wtcnip0", b) { Mac = "ee:ee:ee:ee:ee:01", PeerMac = "0a:58:00:00:00:01", Mtu = 1400 },
                new SetLink("wtcniv0") { Up = true, Master = "wtcnibr0" },
                new SetLink("wtcnibr0") { Up = true },
                new AddAddress("wtcnibr0", IPAddress.Parse("10.253.0.1"), 24),
            ], CancellationToken.None);
            await netlink.ApplyAsync(b, [
                new AddAddress("wtcnip0", IPAddress.Parse("10.253.0.2"), 24),
                new SetLink("wtcnip0") { Up = true },
                new AddRoute(new RouteSpec(IpPrefix.Parse("0.0.0.0/0")) { Gateway = IPAddress.Parse("10.253.0.1"), Device = "wtcnip0" }),
                new AddNeighbor("wtcnip0", IPAddress.Parse("10.253.0.1"), "ee:ee:ee:ee:ee:01"),
            ], CancellationToken.None);

            var links = await netlink.ListLinksAsync(a, "wtcni", CancellationToken.None);
            links.Select(l => l.Name).Order().ShouldBe(["wtcnibr0", "wtcniv0"]);
            var veth = links.Single(l => l.Name == "wtcniv0");
            veth.Master.ShouldBe("wtcnibr0");
            veth.Mac.ShouldBe("ee:ee:ee:ee:ee:01");
            veth.Mtu.ShouldBe(1400);
            veth.Kind.ShouldBe("veth");
            (await netlink.ListAddressesAsync(b, "wtcnip0", CancellationToken.None))
                .ShouldContain(new AddressInfo("wtcnip0", IPAddress.Parse("10.253.0.2"), 24));
            (await netlink.ListRoutesAsync(b, null, CancellationToken.None))
                .ShouldContain(new RouteInfo(IpPrefix.Parse("0.0.0.0/0"), IPAddress.Parse("10.253.0.1"), "wtcnip0"));

            (await netlink.DeleteLinkAsync(a, "wtcniv0", CancellationToken.None)).ShouldBeTrue();
            (await netlink.DeleteLinkAsync(a, "wtcniv0", CancellationToken.None)).ShouldBeFalse();
            (await netlink.ListLinksAsync(b, "wtcnip0", CancellationToken.None)).ShouldBeEmpty("deleting one end removes the pair");
        }
        finally
        {
            await Netns.DeleteAsync(a.Name!, CancellationToken.None);
            await Netns.DeleteAsync(b.Name!, CancellationToken.None);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public async Task Apply_Failure_IsKernelOperationExceptionWithOperationAndMessage(string implementation)
    {
        var netlink = Create(implementation);
        var ns = NetnsRef.Named("wtcni-k" + Random.Shared.Next(0x1000, 0xffff).ToString("x") + "-e");
        try
        {
            await Netns.CreateAsync(ns.Name!, CancellationToken.None);

            var error = await Should.ThrowAsync<KernelOperationException>(() =>
                netlink.ApplyAsync(ns, [new SetLink("wtcninone") { Up = true }], CancellationToken.None));

            error.Operation.ShouldContain("wtcninone");
            error.ExitCode.ShouldNotBe(0);
            error.StandardError.ShouldNotBeNullOrWhiteSpace();
        }
        finally
        {
            await Netns.DeleteAsync(ns.Name!, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Sysctls_WrittenInsideNamespace_DoNotTouchTheCaller()
    {
        var sysctls = new ProcSysctls(Netns);
        var ns = NetnsRef.Named("wtcni-k" + Random.Shared.Next(0x1000, 0xffff).ToString("x") + "-s");
        var before = await sysctls.ReadAsync(null, "net.ipv4.ip_forward", CancellationToken.None);
        try
        {
            await Netns.CreateAsync(ns.Name!, CancellationToken.None);
            (await sysctls.ReadAsync(ns, "net.ipv4.ip_forward", CancellationToken.None)).ShouldBe("0");

            await sysctls.WriteAsync(ns, "net.ipv4.ip_forward", "1", CancellationToken.None);

            (await sysctls.ReadAsync(ns, "net.ipv4.ip_forward", CancellationToken.None)).ShouldBe("1");
            (await sysctls.ReadAsync(null, "net.ipv4.ip_forward", CancellationToken.None)).ShouldBe(before);
        }
        finally
        {
            await Netns.DeleteAsync(ns.Name!, CancellationToken.None);
        }
    }
}
