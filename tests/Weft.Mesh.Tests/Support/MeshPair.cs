using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Support;

/// <summary>client → client proxy (plain in, mTLS out) → server proxy (mTLS in, plain out) → upstream.</summary>
internal sealed class MeshPair : IAsyncDisposable
{
    private MeshPair(TestUpstream upstream, ProxyServer client, ProxyServer server)
    {
        Upstream = upstream;
        ClientProxy = client;
        ServerProxy = server;
    }

    public TestUpstream Upstream { get; }

    public ProxyServer ClientProxy { get; }

    public ProxyServer ServerProxy { get; }

    public static async Task<MeshPair> StartAsync(
        TestPki pki,
        bool h2cUpstream = false,
        WorkloadCertificate? clientCertificate = null,
        LatestValue<WorkloadCertificate>? clientCertificates = null,
        LatestValue<WorkloadCertificate>? serverCertificates = null,
        TimeProvider? time = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? clientTrustRoot = null)
    {
        var upstream = await TestUpstream.StartAsync();
        serverCertificates ??= new LatestValue<WorkloadCertificate>(pki.Issue(TestPki.Cart));
        var server = await TestProxies.StartAsync(
            [h2cUpstream ? upstream.Http2 : upstream.Http1],
            security: ListenerSecurity.MutualTls,
            certificates: serverCertificates,
            trustRoot: pki.Authority.TrustRoot,
            forwardClientId: true,
            time: time);
        clientCertificates ??= new LatestValue<WorkloadCertificate>(clientCertificate ?? pki.Issue(TestPki.Frontend));
        var client = await TestProxies.StartAsync(
            [server.ListenerEndpoint(TestProxies.Listener)],
            upstreamSecurity: UpstreamSecurity.MutualTls,
            certificates: clientCertificates,
            trustRoot: clientTrustRoot ?? pki.Authority.TrustRoot,
            time: time);
        return new MeshPair(upstream, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        await ClientProxy.DisposeAsync();
        await ServerProxy.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
