using System.Net;
using Weft.Flows.Enrichment;

namespace Weft.Flows.Tests.Enrichment;

public sealed class FlowLookupBuilderTests
{
    [Fact]
    public void Build_FromPodsAndServices_FindsPodsWithIdentityAndServicesByFrontend()
    {
        var pod = new Weft.Api.Resources.Pod
        {
            Metadata = new Weft.Api.Resources.ObjectMeta
            {
                Name = "b", Namespace = "y",
                Labels = System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("app", "b"),
            },
            Spec = new Weft.Api.Resources.PodSpec { NodeName = "n2" },
            PodIPs = [IPAddress.Parse("10.244.2.3"), IPAddress.Parse("fd00::3")],
        };
        var service = new Weft.Api.Resources.Service
        {
            Metadata = new Weft.Api.Resources.ObjectMeta { Name = "web", Namespace = "y" },
            Ports = [new Weft.Api.Resources.ServicePort { Port = 80 }, new Weft.Api.Resources.ServicePort { Port = 53, Protocol = Weft.Api.Resources.Protocol.Udp }],
        };

        var lookup = FlowLookupBuilder.Build([pod], _ => 7, [], [(service, IPAddress.Parse("10.96.0.20"))]);

        var found = lookup.FindPod(IPAddress.Parse("fd00::3"));
        found.ShouldNotBeNull();
        found.DisplayName.ShouldBe("y/b");
        found.IdentityId.ShouldBe(7);
        found.Node.ShouldBe("n2");
        lookup.FindPod(IPAddress.Parse("10.244.2.3")!.MapToIPv6())!.PodName.ShouldBe("b");
        lookup.FindService(IPAddress.Parse("10.96.0.20"), 53, IpProtocol.Udp).ShouldBe("y/web");
        lookup.FindService(IPAddress.Parse("10.96.0.20"), 53, IpProtocol.Tcp).ShouldBeNull();
    }
}
