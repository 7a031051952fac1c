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

    [Fact]
    public async Task OpaqueTcp_ToMeshedEndpoint_IsCountedPerIdentityOnBothProxies()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.EchoOneLine();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(echo.Endpoint), pki, TestPki.Cart, isMeshed: null);
        await using var client = await SidecarProxies.StartAsync(
            SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true, meshIdentity: _ => TestPki.Cart.ToString());

        (await EchoToEndAsync(client.ListenerEndpoint("outbound"), "raw")).ShouldBe("echo:raw\n");

        // "raw\n" is 4 bytes in, "echo:raw\n" 9 bytes out, as the application and its client see them (inside mTLS).
        var ids = $"src_id=\"{TestPki.Frontend}\",dst_id=\"{TestPki.Cart}\",tls=\"true\"";
        foreach (var (proxy, direction) in new[] { (client, "outbound"), (server, "inbound") })
        {
            var text = proxy.Metrics.ToPrometheusText();
            text.ShouldContain($"tcp_opaque_open_total{{direction=\"{direction}\",{ids}}} 1", customMessage: text);
            text.ShouldContain($"tcp_opaque_close_total{{direction=\"{direction}\",{ids}}} 1");
            text.ShouldContain($"tcp_opaque_read_bytes_total{{direction=\"{direction}\",{ids}}} 4");
            text.ShouldContain($"tcp_opaque_write_bytes_total{{direction=\"{direction}\",{ids}}} 9");
        }
    }

    [Fact]
    public async Task OpaqueTcp_ToUnmeshedEndpoint_IsCountedWithoutDestinationIdentity()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.EchoOneLine();
        await using var client = await SidecarProxies.StartAsync(SidecarProxies.Outbound(echo.Endpoint), pki, TestPki.Frontend, isMeshed: _ => false);

        (await EchoToEndAsync(client.ListenerEndpoint("outbound"), "plain")).ShouldBe("echo:plain\n");

        client.Metrics.ToPrometheusText().ShouldContain($"tcp_opaque_close_total{{direction=\"outbound\",src_id=\"{TestPki.Frontend}\",dst_id=\"\",tls=\"false\"}} 1");
    }

    /// <summary>Sends one line and reads until the stream ends (the one-line echo closes it; every proxy has finished with it then).</summary>
    private static async Task<string> EchoToEndAsync(IPEndPoint proxy, string line)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(proxy);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync().WaitAsync(Bound);
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
