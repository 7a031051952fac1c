using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Support;

/// <summary>
/// Sidecar-shaped proxies on loopback: an outbound listener that knows which endpoints are meshed and which identity
/// the control plane names for them (as the sidecar's, from the members watch), and a permissive inbound listener
/// (as the sidecar's: meshed and unmeshed clients on one port).
/// </summary>
internal static class SidecarProxies
{
    public static ListenerConfig Inbound(IPEndPoint app) => new()
    {
        Name = "inbound",
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        Direction = TrafficDirection.Inbound,
        Security = ListenerSecurity.Permissive,
        Upstream = new UpstreamConfig { Name = app.ToString() },
    };

    public static ListenerConfig Outbound(IPEndPoint peer) => new()
    {
        Name = "outbound",
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        Direction = TrafficDirection.Outbound,
        Upstream = new UpstreamConfig { Name = peer.ToString() },
    };

    /// <param name="meshIdentity">The identity the members list names for a meshed address (all tests run on 127.0.0.1).</param>
    public static async Task<ProxyServer> StartAsync(
        ListenerConfig listener,
        TestPki pki,
        SpiffeId identity,
        Func<IPAddress, bool>? isMeshed,
        Func<IPAddress, string?>? meshIdentity = null,
        ILoggerProvider? log = null,
        ProxyLimits? limits = null)
    {
        var runtime = new ProxyRuntime
        {
            Endpoints = name => IPEndPoint.TryParse(name, out var ep) && ep.Port != 0 ? new LatestValue<EndpointSet>(EndpointSet.Of(ep)) : null,
            Certificates = new LatestValue<WorkloadCertificate>(pki.Issue(identity)),
            PeerValidator = new PeerCertificateValidator(new X509Certificate2Collection(pki.Authority.TrustRoot), TimeProvider.System, "cluster.local"),
            IsMeshed = isMeshed,
            MeshIdentity = meshIdentity,
        };
        var config = new ProxyConfig
        {
            Listeners = ImmutableArray.Create(listener),
            Admin = new IPEndPoint(IPAddress.Loopback, 0),
            // Generous: every client here speaks first, and a detection timeout under a loaded test run would turn a
            // slow ClientHello into passthrough.
            Limits = limits ?? new ProxyLimits { DetectTimeout = TimeSpan.FromSeconds(10) },
        };
        var (server, errors) = ProxyServer.Create(config, runtime, log);
        errors.ShouldBeEmpty();
        await server!.StartAsync(CancellationToken.None);
        return server;
    }
}
