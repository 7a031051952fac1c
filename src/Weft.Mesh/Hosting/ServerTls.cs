using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The server side of a TLS connection after its handshake: the decrypted pipes that replace the connection's
/// transport, and the features the rest of the pipeline reads (ALPN for the protocol choice, the handshake's presence
/// for "this connection was TLS", the client certificate for the general HTTP path). Nothing here refers to Kestrel's
/// own assembly, so an idle proxy does not load it: Kestrel's ALPN feature is added when a connection is handed to it.
/// </summary>
internal sealed class ServerTls : IDuplexPipe, ITlsConnectionFeature, ITlsHandshakeFeature, IAsyncDisposable
{
    // One TLS record (16 KB) fits in a read; a smaller first read would split records across two decrypt calls.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 4096, leaveOpen: true);
    private readonly SslStream _ssl;

    private ServerTls(SslStream ssl)
    {
        _ssl = ssl;
        Input = PipeReader.Create(ssl, ReaderOptions);
        Output = PipeWriter.Create(ssl, WriterOptions);
        ApplicationProtocol = ssl.NegotiatedApplicationProtocol.Protocol;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>The protocol ALPN selected (empty without ALPN).</summary>
    public ReadOnlyMemory<byte> ApplicationProtocol { get; }

    public X509Certificate2? ClientCertificate
    {
        get => _ssl.RemoteCertificate as X509Certificate2;
        set => throw new NotSupportedException();
    }

    public SslProtocols Protocol => _ssl.SslProtocol;

    public TlsCipherSuite? NegotiatedCipherSuite => _ssl.NegotiatedCipherSuite;

    public string HostName => _ssl.TargetHostName;

#pragma warning disable SYSLIB0058 // the interface still has the pre-TLS-1.3 members; they answer from SslStream's own
    public CipherAlgorithmType CipherAlgorithm => _ssl.CipherAlgorithm;

    public int CipherStrength => _ssl.CipherStrength;

    public HashAlgorithmType HashAlgorithm => _ssl.HashAlgorithm;

    public int HashStrength => _ssl.HashStrength;

    public ExchangeAlgorithmType KeyExchangeAlgorithm => _ssl.KeyExchangeAlgorithm;

    public int KeyExchangeStrength => _ssl.KeyExchangeStrength;
#pragma warning restore SYSLIB0058

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);

    /// <summary>
    /// Runs the handshake over <paramref name="connection"/>'s transport, at most <paramref name="timeout"/> long.
    /// Null when it fails (the peer's certificate was refused, the peer went away or took too long): the caller closes
    /// the connection. On success the connection's transport and TLS features are this.
    /// </summary>
    public static async Task<ServerTls?> HandshakeAsync(ConnectionContext connection, SslServerAuthenticationOptions options, TimeSpan timeout, TimeProvider time)
    {
        var ssl = new SslStream(new DuplexPipeStream(connection.Transport), leaveInnerStreamOpen: true);
        using var expiry = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, connection.ConnectionClosed);
        try
        {
            // The handshake's crypto (~1 ms) runs on the thread pool, not on the I/O loop that serves every other socket.
            await IO.LoopStream.OffLoopAsync((connection as IO.LoopConnection)?.Stream, () => ssl.AuthenticateAsServerAsync(options, linked.Token)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or InvalidOperationException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        var tls = new ServerTls(ssl);
        connection.Transport = tls;
        connection.Features.Set<ITlsConnectionFeature>(tls);
        connection.Features.Set(tls); // the ALPN choice, read by the proxy (Kestrel's feature for it is set at hand-over)
        connection.Features.Set<ITlsHandshakeFeature>(tls);
        return tls;
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await _ssl.DisposeAsync().ConfigureAwait(false);
    }
}
