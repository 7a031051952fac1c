using System.Net;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Proxy;

public sealed class MutualTlsTests
{
    [Fact]
    public async Task Http1Request_ThroughMtlsPair_ArrivesAsHttp1WithClientIdentity()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(mesh.ClientProxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello");
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/1.1");
        response.Headers.GetValues("x-seen-client-id").Single().ShouldBe("spiffe://cluster.local/ns/shop/sa/frontend");
        response.Headers.GetValues("x-seen-headers").Single().ShouldBe("host,x-weft-client-id");
    }

    [Fact]
    public async Task H2cRequest_ThroughMtlsPair_ArrivesAsHttp2()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki, h2cUpstream: true);
        using var client = TestProxies.H2cClient();

        using var response = await client.GetAsync(mesh.ClientProxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("x-seen-protocol").Single().ShouldBe("HTTP/2");
    }

    [Fact]
    public async Task GrpcCall_ThroughMtlsPair_CarriesGrpcStatusTrailer()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki, h2cUpstream: true);
        using var client = TestProxies.H2cClient();
        using var request = TestProxies.GrpcRequest(mesh.ClientProxy.Url("/grpc"), wantGrpcStatus: "5");

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        response.TrailingHeaders.GetValues("grpc-status").Single().ShouldBe("5");
    }

    [Fact]
    public async Task PlaintextClient_ToMtlsServerPort_IsRejected()
    {
        using var pki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki);
        using var client = TestProxies.Http1Client();

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(mesh.ServerProxy.Url()));

        mesh.Upstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_IsRejectedByServerProxy()
    {
        using var pki = new TestPki();
        using var otherPki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki, clientCertificate: otherPki.Issue(TestPki.Frontend));
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(mesh.ClientProxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        mesh.Upstream.Requests.ShouldBe(0);
        await mesh.ServerProxy.MetricsShouldEventuallyContainAsync("tls_handshake_total{direction=\"inbound\",result=\"untrusted\"} 1");
    }

    [Fact]
    public async Task ServerCertificateFromAnotherCa_IsRejectedByClientProxy()
    {
        using var pki = new TestPki();
        using var otherPki = new TestPki();
        await using var mesh = await MeshPair.StartAsync(pki, clientTrustRoot: otherPki.Authority.TrustRoot);
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(mesh.ClientProxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        mesh.Upstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task ExpiredClientCertificate_IsRejected()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        var shortLived = pki.Issue(TestPki.Frontend, TimeSpan.FromHours(1));
        var serverCert = pki.Issue(TestPki.Cart, TimeSpan.FromDays(2));
        await using var mesh = await MeshPair.StartAsync(
            pki,
            clientCertificate: shortLived,
            serverCertificates: new Watch.LatestValue<WorkloadCertificate>(serverCert),
            time: time);
        time.Advance(TimeSpan.FromHours(2));
        using var client = TestProxies.Http1Client();

        using var response = await client.GetAsync(mesh.ClientProxy.Url());

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        await mesh.ServerProxy.MetricsShouldEventuallyContainAsync("tls_handshake_total{direction=\"inbound\",result=\"expired\"} 1");
    }

    [Fact]
    public async Task Rotation_AtHalfLife_NewConnectionsUseNewCertificateWithoutFailedRequests()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        var tokens = new StaticTokens(new() { ["frontend-token"] = TestPki.Frontend, ["cart-token"] = TestPki.Cart });
        using var clientRotator = new CertificateRotator(TestPki.Frontend, new LocalCertificateIssuer(pki.Authority, tokens, "frontend-token"), time);
        using var serverRotator = new CertificateRotator(TestPki.Cart, new LocalCertificateIssuer(pki.Authority, tokens, "cart-token"), time);
        await clientRotator.StartAsync(CancellationToken.None);
        await serverRotator.StartAsync(CancellationToken.None);
        await using var mesh = await MeshPair.StartAsync(pki, clientCertificates: clientRotator.Certificates, serverCertificates: serverRotator.Certificates, time: time);
        using var client = TestProxies.Http1Client();
        var firstSerial = clientRotator.Certificates.Current.Leaf.SerialNumber;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await client.GetAsync(mesh.ClientProxy.Url())).StatusCode);

        var clientVersion = clientRotator.Certificates.Version;
        var serverVersion = serverRotator.Certificates.Version;
        time.Advance(TimeSpan.FromHours(13));
        await clientRotator.Certificates.WaitNewerAsync(clientVersion, CancellationToken.None);
        await serverRotator.Certificates.WaitNewerAsync(serverVersion, CancellationToken.None);
        for (var i = 0; i < 5; i++) statuses.Add((await client.GetAsync(mesh.ClientProxy.Url())).StatusCode);

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        clientRotator.Certificates.Current.Leaf.SerialNumber.ShouldNotBe(firstSerial);
        // One handshake with the first certificate, one with the rotated one: the old connection was not reused for new certs.
        mesh.ServerProxy.Metrics.ToPrometheusText().ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"success\"} 2");
    }

    private sealed class StaticTokens(Dictionary<string, SpiffeId> map) : IPodTokenReview
    {
        public SpiffeId? Review(string token) => map.GetValueOrDefault(token);
    }
}
