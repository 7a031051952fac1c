using System.Net;
using System.Net.Sockets;
using System.Text;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Proxy;

/// <summary>
/// Raw TCP between two sidecar-shaped proxies on loopback (see <see cref="SidecarProxies"/>).
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
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null, log: log);
        await using var client = await SidecarProxies.StartAsync(SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true, meshIdentity: _ => TestPki.Cart.ToString());

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
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null, log: log);
        await using var client = await SidecarProxies.StartAsync(SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => false);

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
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null);
        await using var client = await SidecarProxies.StartAsync(SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true, meshIdentity: _ => TestPki.Cart.ToString());
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
}
