using System.Net;
using System.Net.Sockets;
using System.Text;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Proxy;

/// <summary>
/// A sidecar's outbound proxy trusts a meshed endpoint only when it presents the SPIFFE ID the control plane names for
/// that endpoint's address: a valid mesh certificate for another workload (a compromised pod answering at another
/// pod's address) is refused on every path — HTTP/1.1 fast path, HTTP/2 through the pooled clients, opaque TCP.
/// </summary>
public sealed class MeshIdentityTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly SpiffeId Impostor = SpiffeId.ForWorkload("cluster.local", "shop", "impostor");

    [Fact]
    public async Task Http1_ServerPresentsTheNamedIdentity_IsForwarded()
    {
        using var pki = new TestPki();
        await using var upstream = await TestUpstream.StartAsync();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(upstream.Http1), pki, TestPki.Cart, isMeshed: null);
        await using var client = await Client(server, pki, named: TestPki.Cart.ToString());
        using var http = TestProxies.Http1Client();

        using var response = await http.GetAsync(Url(client)).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        client.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"outbound\",result=\"success\"} 1");
    }

    [Fact]
    public async Task Http1_ServerPresentsAnotherValidIdentity_IsRefusedWith502AndCountedAndLogged()
    {
        using var pki = new TestPki();
        await using var upstream = await TestUpstream.StartAsync();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(upstream.Http1), pki, Impostor, isMeshed: null);
        var log = new ListLoggerProvider();
        await using var client = await Client(server, pki, named: TestPki.Cart.ToString(), log);
        using var http = TestProxies.Http1Client();

        using var response = await http.GetAsync(Url(client)).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        upstream.Requests.ShouldBe(0);
        client.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"outbound\",result=\"unexpected_identity\"}");
        client.Metrics.ToPrometheusText().ShouldNotContain("tls_handshake_total{direction=\"outbound\",result=\"success\"}");
        log.Messages.ShouldContain(m => m.Contains(Impostor.ToString(), StringComparison.Ordinal) && m.Contains(TestPki.Cart.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http2_ServerPresentsAnotherValidIdentity_IsRefusedWith502()
    {
        using var pki = new TestPki();
        await using var upstream = await TestUpstream.StartAsync();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(upstream.Http2), pki, Impostor, isMeshed: null);
        await using var client = await Client(server, pki, named: TestPki.Cart.ToString());
        using var h2c = TestProxies.H2cClient();

        using var response = await h2c.GetAsync(Url(client)).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        upstream.Requests.ShouldBe(0);
        client.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"outbound\",result=\"unexpected_identity\"}");
    }

    [Fact]
    public async Task Http2_ServerPresentsTheNamedIdentity_IsForwarded()
    {
        using var pki = new TestPki();
        await using var upstream = await TestUpstream.StartAsync();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(upstream.Http2), pki, TestPki.Cart, isMeshed: null);
        await using var client = await Client(server, pki, named: TestPki.Cart.ToString());
        using var h2c = TestProxies.H2cClient();

        using var response = await h2c.GetAsync(Url(client)).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Http1_MembersListNamesNoIdentityForTheAddress_FailsClosed()
    {
        using var pki = new TestPki();
        await using var upstream = await TestUpstream.StartAsync();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(upstream.Http1), pki, TestPki.Cart, isMeshed: null);
        await using var client = await Client(server, pki, named: "");
        using var http = TestProxies.Http1Client();

        using var response = await http.GetAsync(Url(client)).WaitAsync(Bound);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        upstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task OpaqueTcp_ServerPresentsAnotherValidIdentity_IsClosedWithoutReachingTheApplication()
    {
        using var pki = new TestPki();
        using var echo = TcpPeers.Echo();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(echo.Endpoint), pki, Impostor, isMeshed: null);
        await using var client = await Client(server, pki, named: TestPki.Cart.ToString());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(client.ListenerEndpoint("outbound"));
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("\x01raw tcp\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBeNull();
        client.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"outbound\",result=\"unexpected_identity\"} 1");
    }

    private static Task<ProxyServer> Client(ProxyServer server, TestPki pki, string named, ListLoggerProvider? log = null) =>
        SidecarProxies.StartAsync(
            SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true, meshIdentity: _ => named, log: log);

    private static Uri Url(ProxyServer proxy) => new($"http://{proxy.ListenerEndpoint("outbound")}/");
}
