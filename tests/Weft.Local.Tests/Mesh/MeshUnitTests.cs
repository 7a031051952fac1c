using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Local.Mesh;
using Weft.Mesh.Identity;
using Weft.Services;
using Weft.Services.Model;

namespace Weft.Local.Tests.Mesh;

public sealed class MeshUnitTests
{
    [Fact]
    public void Render_ClusterIpService_ListsMeshedPodsAndReadyEndpointsOnly()
    {
        var service = new ServiceEntry
        {
            Namespace = "shop",
            Name = "cart",
            ClusterIP = IPAddress.Parse("10.96.0.12"),
            Ports =
            [
                new ServicePortEntry
                {
                    Port = 80,
                    Backends =
                    [
                        new Backend { Address = IPAddress.Parse("10.244.2.3"), Port = 8080 },
                        new Backend { Address = IPAddress.Parse("10.244.1.5"), Port = 8080 },
                        new Backend { Address = IPAddress.Parse("10.244.1.6"), Port = 8080, Ready = false },
                        new Backend { Address = IPAddress.Parse("10.244.1.7"), Port = 8080, Terminating = true },
                    ],
                },
                new ServicePortEntry { Port = 53, Protocol = Protocol.Udp },
            ],
        };
        var model = ServiceModel.Empty with { Services = ImmutableSortedDictionary<string, ServiceEntry>.Empty.Add(service.Key, service) };

        var text = MeshMembership.Render(model, [IPAddress.Parse("10.244.2.3"), IPAddress.Parse("10.244.1.5")]);

        text.ShouldBe("pod 10.244.1.5\npod 10.244.2.3\nsvc 10.96.0.12:80 10.244.1.5:8080 10.244.2.3:8080\n");
    }

    [Fact]
    public void Render_MeshedPodsWithIdentities_NameEachPodsSpiffeId()
    {
        var cart = IPAddress.Parse("10.244.1.5");

        var text = MeshMembership.Render(ServiceModel.Empty, [cart, IPAddress.Parse("10.244.1.6")], a => a.Equals(cart) ? "spiffe://cluster.local/ns/shop/sa/cart" : null);

        text.ShouldBe("pod 10.244.1.5 spiffe://cluster.local/ns/shop/sa/cart\npod 10.244.1.6\n");
    }

    [Fact]
    public void Render_HeadlessService_IsLeftOut()
    {
        var service = new ServiceEntry { Namespace = "a", Name = "h", Headless = true, Ports = [new ServicePortEntry { Port = 80 }] };
        var model = ServiceModel.Empty with { Services = ImmutableSortedDictionary<string, ServiceEntry>.Empty.Add(service.Key, service) };

        MeshMembership.Render(model, []).ShouldBe("");
    }

    [Fact]
    public void PodTokens_IssuedToken_ProvesOnlyItsPodsIdentityUntilReplaced()
    {
        var dir = Directory.CreateTempSubdirectory("wtmesh-").FullName;
        try
        {
            var tokens = new PodTokens();
            var id = SpiffeId.ForWorkload("cluster.local", "shop", "cart");
            var file = tokens.Issue("shop/cart-1", id, dir);
            var first = File.ReadAllText(file);

            tokens.Review(first).ShouldBe(id);
            tokens.Review("00").ShouldBeNull();
            if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

            tokens.Issue("shop/cart-1", id, dir);
            tokens.Review(first).ShouldBeNull("a restarted pod's old token no longer proves anything");
            tokens.Review(File.ReadAllText(file)).ShouldBe(id);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Plan_SkipPortAnnotations_AreHonoured()
    {
        var plan = MeshInjection.Plan(new Dictionary<string, string>
        {
            ["weft.io/skip-inbound-ports"] = "22,9000-9001",
            ["weft.io/skip-outbound-ports"] = "5432",
        });

        plan.SkipInboundPorts.ShouldBe([22, 9000, 9001]);
        plan.SkipOutboundPorts.ShouldBe([5432]);
        plan.AdminPort.ShouldBe(4191);
    }

    [Fact]
    public void Identity_WithoutServiceAccount_IsDefault()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "p", Namespace = "shop" }, Spec = new PodSpec { Containers = [new Container { Name = "c" }] } };

        MeshInjection.Identity(pod, "cluster.local").ToString().ShouldBe("spiffe://cluster.local/ns/shop/sa/default");
        MeshInjection.Identity(pod with { Spec = pod.Spec with { ServiceAccountName = "cart" } }, "cluster.local").ToString()
            .ShouldBe("spiffe://cluster.local/ns/shop/sa/cart");
    }
}
