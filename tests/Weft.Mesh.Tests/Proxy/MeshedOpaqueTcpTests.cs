using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Tests.Support;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Proxy;

/// <summary>
/// Raw TCP between two sidecar-shaped proxies on loopback: an outbound listener that knows which endpoints are meshed
/// (as the sidecar's, from the members watch) and a permissive inbound listener (as the sidecar's, meshed and
/// unmeshed clients on one port).
/// </summary>
public sealed class MeshedOpaqueTcpTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OpaqueTcp_ToMeshedEndpoint_IsWrappedInMutualTlsAndTheServerLogsTheClientIdentity()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.Echo();
        var log = new ListLoggerProvider();
        await using var server = await StartAsync(Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null, log);
        await using var client = await StartAsync(Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true);

        (await EchoAsync(client.ListenerEndpoint("outbound"), "\x01raw tcp")).ShouldBe("echo:\x01raw tcp");

        server.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"success\"} 1");
        client.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"outbound\",result=\"success\"} 1");
        log.Messages.ShouldContain(m => m.Contains("opaque tcp over mtls from " + TestPki.Frontend, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpaqueTcp_ToUnmeshedEndpoint_StaysPlain()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.Echo();
        var log = new ListLoggerProvider();
        await using var server = await StartAsync(Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null, log);
        await using var client = await StartAsync(Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => false);

        (await EchoAsync(client.ListenerEndpoint("outbound"), "plain")).ShouldBe("echo:plain");

        server.Metrics.ToPrometheusText().ShouldNotContain("tls_handshake_total{direction=\"inbound\"");
        log.Messages.ShouldNotContain(m => m.Contains("opaque tcp over mtls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TlsFromApplication_ToMeshedEndpoint_PassesThroughInsideMutualTls()
    {
        using var pki = new TestPki();
        var appCert = pki.Issue(SpiffeId.ForWorkload("cluster.local", "shop", "app-tls"));
        using var echo = TcpPeers.Echo(tls: appCert);
        await using var server = await StartAsync(Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null);
        await using var client = await StartAsync(Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(client.ListenerEndpoint("outbound"));
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());

        // The application trusts only its peer's own certificate: the proxies must not have terminated its TLS.
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "app",
            RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == appCert.Leaf.GetCertHashString(),
        }).WaitAsync(Bound);
        await tls.WriteAsync("hi\n"u8.ToArray());
        using var reader = new StreamReader(tls, Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:hi");
        server.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"success\"} 1");
    }

    private static async Task<string?> EchoAsync(IPEndPoint proxy, string line)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(proxy);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(Bound);
    }

    private static ListenerConfig Inbound(IPEndPoint app) => new()
    {
        Name = "inbound",
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        Direction = TrafficDirection.Inbound,
        Security = ListenerSecurity.Permissive,
        Upstream = new UpstreamConfig { Name = app.ToString() },
    };

    private static ListenerConfig Outbound(IPEndPoint peer) => new()
    {
        Name = "outbound",
        Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        Direction = TrafficDirection.Outbound,
        Upstream = new UpstreamConfig { Name = peer.ToString() },
    };

    private static async Task<ProxyServer> StartAsync(ListenerConfig listener, TestPki pki, SpiffeId identity, Func<IPAddress, bool>? isMeshed, ILoggerProvider? log = null)
    {
        var runtime = new ProxyRuntime
        {
            Endpoints = name => IPEndPoint.TryParse(name, out var ep) && ep.Port != 0 ? new LatestValue<EndpointSet>(EndpointSet.Of(ep)) : null,
            Certificates = new LatestValue<WorkloadCertificate>(pki.Issue(identity)),
            PeerValidator = new PeerCertificateValidator(new X509Certificate2Collection(pki.Authority.TrustRoot), TimeProvider.System, "cluster.local"),
            IsMeshed = isMeshed,
        };
        var config = new ProxyConfig { Listeners = ImmutableArray.Create(listener), Limits = new ProxyLimits { DetectTimeout = TimeSpan.FromMilliseconds(200) } };
        var (server, errors) = ProxyServer.Create(config, runtime, log is null ? null : b => b.AddProvider(log));
        errors.ShouldBeEmpty();
        await server!.StartAsync(CancellationToken.None);
        return server;
    }
}
