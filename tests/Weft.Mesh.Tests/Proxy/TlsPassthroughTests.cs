using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Proxy;

/// <summary>
/// A meshed pod's permissive inbound listener: an unmeshed client's own TLS to the application passes through
/// untouched (the application's certificate, the application's handshake); only a peer proxy's ClientHello (SNI
/// weft.mesh) is terminated as mTLS, and that still requires a client certificate.
/// </summary>
public sealed class TlsPassthroughTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("app.shop.svc")]
    [InlineData("127.0.0.1")] // an IP target: no SNI at all
    public async Task ApplicationTls_ToMeshedPod_ReachesTheTlsApplicationUnchanged(string targetHost)
    {
        using var pki = new TestPki();
        using var appCert = pki.Issue(SpiffeId.ForWorkload("cluster.local", "shop", "app-tls"));
        using var app = TcpPeers.Echo(tls: appCert);
        var log = new ListLoggerProvider();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(app.Endpoint), pki, TestPki.Cart, isMeshed: null, log: log);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.ListenerEndpoint("inbound"));
        await using var tls = new SslStream(tcp.GetStream());

        // The client trusts only the application's own certificate: the proxy must not have terminated its TLS.
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == appCert.Leaf.GetCertHashString(),
        }).WaitAsync(Bound);
        await tls.WriteAsync("hi\n"u8.ToArray());
        using var reader = new StreamReader(tls, Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:hi");
        var metrics = server.Metrics.ToPrometheusText();
        metrics.ShouldContain("tls_passthrough_total{direction=\"inbound\"} 1");
        metrics.ShouldNotContain("tls_handshake_total{direction=\"inbound\"");
        log.Messages.ShouldContain(m => m.Contains("tls passthrough", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplicationTls_ClientHelloInManySmallWrites_IsStillPassedThroughUnchanged()
    {
        using var pki = new TestPki();
        using var appCert = pki.Issue(SpiffeId.ForWorkload("cluster.local", "shop", "app-tls"));
        using var app = TcpPeers.Echo(tls: appCert);
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(app.Endpoint), pki, TestPki.Cart, isMeshed: null);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(server.ListenerEndpoint("inbound"));
        // Every write goes out in 5-byte pieces: the proxy sees the ClientHello over many reads (and, with a 5-byte
        // piece, a record header apart from its body).
        await using var tls = new SslStream(new SmallWrites(tcp.GetStream(), 5));

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "db.shop.svc",
            RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == appCert.Leaf.GetCertHashString(),
        }).WaitAsync(Bound);
        await tls.WriteAsync("split\n"u8.ToArray());
        using var reader = new StreamReader(tls, Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:split");
        server.Metrics.ToPrometheusText().ShouldContain("tls_passthrough_total{direction=\"inbound\"} 1");
    }

    [Fact]
    public async Task PeerServerNameWithoutClientCertificate_IsRefusedNotPassedThrough()
    {
        using var pki = new TestPki();
        using var app = TcpPeers.Echo();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(app.Endpoint), pki, TestPki.Cart, isMeshed: null);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.ListenerEndpoint("inbound"));
        await using var tls = new SslStream(tcp.GetStream());

        var answer = await TryEchoAsync(tls, new SslClientAuthenticationOptions
        {
            TargetHost = "weft.mesh",
            RemoteCertificateValidationCallback = (_, c, _, _) => c is not null, // the sidecar's own certificate: this client has no mesh trust root
        });

        answer.ShouldBeNull();
        var metrics = server.Metrics.ToPrometheusText();
        metrics.ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"no_certificate\"} 1", customMessage: metrics);
        metrics.ShouldNotContain("tls_passthrough_total{direction=\"inbound\"}");
    }

    [Fact]
    public async Task PeerProxy_ToMeshedPod_IsStillTerminatedAsMutualTls()
    {
        using var pki = new TestPki();
        using var app = TcpPeers.Echo();
        await using var server = await SidecarProxies.StartAsync(SidecarProxies.Inbound(app.Endpoint), pki, TestPki.Cart, isMeshed: null);
        await using var client = await SidecarProxies.StartAsync(
            SidecarProxies.Outbound(server.ListenerEndpoint("inbound")), pki, TestPki.Frontend, isMeshed: _ => true, meshIdentity: _ => TestPki.Cart.ToString());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(client.ListenerEndpoint("outbound"));
        var stream = tcp.GetStream();
        await stream.WriteAsync("\x01raw\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("echo:\x01raw");
        var metrics = server.Metrics.ToPrometheusText();
        metrics.ShouldContain("tls_handshake_total{direction=\"inbound\",result=\"success\"} 1");
        metrics.ShouldNotContain("tls_passthrough_total{direction=\"inbound\"}");
    }

    /// <summary>The handshake and one echo line; null when the server refuses at any point (TLS 1.3 checks the client certificate after the client's Finished).</summary>
    private static async Task<string?> TryEchoAsync(SslStream tls, SslClientAuthenticationOptions options)
    {
        try
        {
            await tls.AuthenticateAsClientAsync(options).WaitAsync(Bound);
            await tls.WriteAsync("hi\n"u8.ToArray());
            using var reader = new StreamReader(tls, Encoding.ASCII, leaveOpen: true);
            return await reader.ReadLineAsync().WaitAsync(Bound);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Passes reads through and cuts every write into pieces of at most <c>piece</c> bytes, each flushed.</summary>
    private sealed class SmallWrites(Stream inner, int piece) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i += piece)
            {
                inner.Write(buffer, offset + i, Math.Min(piece, count - i));
                inner.Flush();
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < buffer.Length; i += piece)
            {
                await inner.WriteAsync(buffer.Slice(i, Math.Min(piece, buffer.Length - i)), cancellationToken);
                await inner.FlushAsync(cancellationToken);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
