using System.Net;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Tests.Support;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Proxy;

/// <summary>
/// The dst_id label of a sidecar's outbound requests: the SPIFFE ID the control plane gives the destination's
/// meshed endpoints, and nothing for a plain destination — whatever the proxy last talked mTLS to.
/// </summary>
public sealed class DestinationIdentityTests
{
    private static readonly IPAddress MeshedPod = IPAddress.Parse("10.244.1.5");
    private static readonly IPAddress PlainPod = IPAddress.Parse("10.244.2.9");
    private static readonly IPEndPoint Service = IPEndPoint.Parse("10.96.0.12:80");

    private static ProxyListener SidecarOutbound(TestPki pki, WorkloadCertificate self)
    {
        var service = new LatestValue<EndpointSet>(EndpointSet.Of(new IPEndPoint(MeshedPod, 8080)));
        var runtime = new ProxyRuntime
        {
            Endpoints = name => name == Service.ToString() ? service : null,
            Certificates = new LatestValue<WorkloadCertificate>(self),
            PeerValidator = new PeerCertificateValidator([pki.Authority.TrustRoot], TimeProvider.System),
            IsMeshed = address => address.Equals(MeshedPod),
            MeshIdentity = address => address.Equals(MeshedPod) ? TestPki.Cart.ToString() : null,
        };
        var config = new ListenerConfig
        {
            Name = "outbound",
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            Direction = TrafficDirection.Outbound,
            Transparent = true,
            Upstream = new UpstreamConfig { Name = "outbound" },
        };
        return new ProxyListener(config, new ProxyLimits(), runtime, new ProxyMetrics());
    }

    private static ConnectionState To(ProxyListener listener, IPEndPoint destination) => new(listener) { OriginalDestination = destination };

    [Fact]
    public void DestinationIdentity_PlainPod_IsEmpty()
    {
        using var pki = new TestPki();
        using var self = pki.Issue(TestPki.Frontend);
        using var listener = SidecarOutbound(pki, self);

        listener.DestinationIdentity(To(listener, new IPEndPoint(PlainPod, 5432))).ShouldBe("");
    }

    [Fact]
    public void DestinationIdentity_MeshedPodOrServiceOfMeshedPods_IsTheirSpiffeId()
    {
        using var pki = new TestPki();
        using var self = pki.Issue(TestPki.Frontend);
        using var listener = SidecarOutbound(pki, self);

        listener.DestinationIdentity(To(listener, new IPEndPoint(MeshedPod, 8080))).ShouldBe(TestPki.Cart.ToString());
        listener.DestinationIdentity(To(listener, Service)).ShouldBe(TestPki.Cart.ToString());
        listener.DestinationIdentity(To(listener, new IPEndPoint(PlainPod, 80))).ShouldBe("", "a meshed destination before does not leak into a plain one");
    }
}
