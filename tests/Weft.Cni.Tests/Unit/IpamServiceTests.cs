using System.Net;
using Weft.Api.Net;
using Weft.Cni.Ipam;
using Weft.Cni.Spec;

namespace Weft.Cni.Tests.Unit;

public class IpamServiceTests
{
    private static readonly AttachmentKey A = new("a", "eth0");
    private static readonly AttachmentKey B = new("b", "eth0");

    private static IpamConfig Config(string subnet = "10.0.0.0/29", string? start = null, string? end = null)
    {
        var prefix = IpPrefix.Parse(subnet);
        return new IpamConfig
        {
            NetworkName = "net",
            DataDir = "/unused",
            RangeSets = [[new IpamRange(prefix, IPAddress.Parse(start ?? "10.0.0.1"), IPAddress.Parse(end ?? "10.0.0.6"), IPAddress.Parse("10.0.0.1"))]],
        };
    }

    [Fact]
    public void Add_TwoAttachments_GetDistinctAddressesWithSubnetLengthAndGateway()
    {
        var store = new InMemoryAllocationStore();
        var ipam = new IpamService(Config(), store);

        var a = ipam.Add(A).Result!.Ips.ShouldHaveSingleItem();
        var b = ipam.Add(B).Result!.Ips.ShouldHaveSingleItem();

        a.Address.ToString().ShouldBe("10.0.0.2/29");
        b.Address.ToString().ShouldBe("10.0.0.3/29");
        a.Gateway.ShouldBe(IPAddress.Parse("10.0.0.1"));
        store.Records.Count.ShouldBe(2);
    }

    [Fact]
    public void Add_SameAttachmentTwice_ReturnsTheSameAddress()
    {
        var store = new InMemoryAllocationStore();
        var ipam = new IpamService(Config(), store);

        var first = ipam.Add(A).Result!.Ips[0].Address;
        var second = ipam.Add(A).Result!.Ips[0].Address;

        second.ShouldBe(first);
        store.Records.Count.ShouldBe(1);
    }

    [Fact]
    public void Add_Exhausted_FailsWithCode100NamingTheRange()
    {
        var ipam = new IpamService(Config(start: "10.0.0.2", end: "10.0.0.3"), new InMemoryAllocationStore());
        ipam.Add(A).Succeeded.ShouldBeTrue();
        ipam.Add(B).Succeeded.ShouldBeTrue();

        var error = ipam.Add(new AttachmentKey("c", "eth0")).Error!;

        error.Code.ShouldBe(CniErrorCode.AddressesExhausted);
        error.Message.ShouldContain("10.0.0.0/29 (10.0.0.2-10.0.0.3)");
    }

    [Fact]
    public void Del_ReleasesOnlyThatAttachment_AndIsIdempotent()
    {
        var store = new InMemoryAllocationStore();
        var ipam = new IpamService(Config(), store);
        ipam.Add(A);
        ipam.Add(B);

        ipam.Del(A).Succeeded.ShouldBeTrue();
        ipam.Del(A).Succeeded.ShouldBeTrue();
        ipam.Del(new AttachmentKey("unknown", "eth0")).Succeeded.ShouldBeTrue();

        store.Records.Values.ShouldBe([B]);
    }

    [Fact]
    public void Del_ThenAdd_DoesNotReuseTheReleasedAddressAtOnce()
    {
        var ipam = new IpamService(Config(), new InMemoryAllocationStore());
        var a = ipam.Add(A).Result!.Ips[0].Address.Address;
        ipam.Del(A);

        ipam.Add(B).Result!.Ips[0].Address.Address.ShouldNotBe(a);
    }

    [Fact]
    public void Gc_ReleasesAllocationsNotInValidAttachments()
    {
        var store = new InMemoryAllocationStore();
        var ipam = new IpamService(Config(), store);
        ipam.Add(A);
        ipam.Add(B);

        ipam.Gc(new HashSet<AttachmentKey> { B }).Succeeded.ShouldBeTrue();

        store.Records.Values.ShouldBe([B]);
    }

    [Fact]
    public void Status_WhenExhausted_Is50_AndRecoversAfterDel()
    {
        var ipam = new IpamService(Config(start: "10.0.0.2", end: "10.0.0.2"), new InMemoryAllocationStore());
        ipam.Status().Succeeded.ShouldBeTrue();
        ipam.Add(A);

        ipam.Status().Error!.Code.ShouldBe(CniErrorCode.NotAvailable);
        ipam.Del(A);
        ipam.Status().Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Check_UnknownAttachment_IsCode3()
    {
        var ipam = new IpamService(Config(), new InMemoryAllocationStore());
        ipam.Add(A);

        ipam.Check(A, [IPAddress.Parse("10.0.0.2")]).Succeeded.ShouldBeTrue();
        ipam.Check(B, []).Error!.Code.ShouldBe(CniErrorCode.UnknownContainer);
        ipam.Check(A, [IPAddress.Parse("10.0.0.5")]).Error!.Code.ShouldBe(CniErrorCode.UnknownContainer);
    }
}
