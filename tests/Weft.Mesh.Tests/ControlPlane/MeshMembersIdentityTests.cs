using System.Net;
using Weft.Mesh.ControlPlane;

namespace Weft.Mesh.Tests.ControlPlane;

/// <summary>The members text names each meshed pod's SPIFFE ID: the dst_id of requests towards it.</summary>
public sealed class MeshMembersIdentityTests
{
    [Fact]
    public void Apply_PodLineWithIdentity_GivesItsIdentityAndNoneToOthers()
    {
        var members = new MeshMembers();

        members.Apply("pod 10.244.1.5 spiffe://cluster.local/ns/shop/sa/cart\npod 10.244.1.6\n");

        members.IdentityOf(IPAddress.Parse("10.244.1.5")).ShouldBe("spiffe://cluster.local/ns/shop/sa/cart");
        members.IdentityOf(IPAddress.Parse("10.244.1.5").MapToIPv6()).ShouldBe("spiffe://cluster.local/ns/shop/sa/cart");
        members.IdentityOf(IPAddress.Parse("10.244.1.6")).ShouldBe("", "meshed, identity not given");
        members.IsMeshed(IPAddress.Parse("10.244.1.6")).ShouldBeTrue();
        members.IdentityOf(IPAddress.Parse("10.244.2.3")).ShouldBeNull("not meshed");
    }
}
