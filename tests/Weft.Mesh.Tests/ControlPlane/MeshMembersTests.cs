using System.Net;
using Weft.Mesh.ControlPlane;

namespace Weft.Mesh.Tests.ControlPlane;

public sealed class MeshMembersTests
{
    [Fact]
    public void Apply_MembersText_MarksMeshedPodsAndPublishesServiceEndpoints()
    {
        var members = new MeshMembers();
        var watch = members.Endpoints("10.96.0.12:80")!;
        watch.Current.Endpoints.ShouldBe([IPEndPoint.Parse("10.96.0.12:80")], "unknown destinations are themselves");

        members.Apply("pod 10.244.1.5\nsvc 10.96.0.12:80 10.244.1.5:8080 10.244.2.3:8080\n");

        members.IsMeshed(IPAddress.Parse("10.244.1.5")).ShouldBeTrue();
        members.IsMeshed(IPAddress.Parse("10.244.2.3")).ShouldBeFalse();
        members.IsMeshed(IPAddress.Parse("10.244.1.5").MapToIPv6()).ShouldBeTrue();
        watch.Current.Endpoints.ShouldBe([IPEndPoint.Parse("10.244.1.5:8080"), IPEndPoint.Parse("10.244.2.3:8080")]);
        members.Endpoints("10.96.0.12:80").ShouldBeSameAs(watch);
    }

    [Fact]
    public void Apply_ServiceGone_DestinationIsItselfAgain()
    {
        var members = new MeshMembers();
        members.Apply("svc 10.96.0.12:80 10.244.1.5:8080\n");
        var watch = members.Endpoints("10.96.0.12:80")!;

        members.Apply("pod 10.244.1.5\n");

        watch.Current.Endpoints.ShouldBe([IPEndPoint.Parse("10.96.0.12:80")]);
    }

    [Fact]
    public void Endpoints_ListenerName_IsNotAnEndpoint()
    {
        new MeshMembers().Endpoints("inbound").ShouldBeNull();
    }
}
