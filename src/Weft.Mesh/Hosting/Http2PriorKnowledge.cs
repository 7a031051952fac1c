using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Weft.Mesh.Hosting;

/// <summary>
/// Kestrel picks HTTP/2 on an Http1AndHttp2 endpoint only from ALPN, and treats a connection without a TLS
/// feature as HTTP/1 ("ambiguous without ALPN"). After detecting the prior-knowledge preface on a plaintext
/// connection, KestrelFallback.ServeH2cAsync sets this feature (a TLS feature with no certificate and ALPN "h2") so Kestrel
/// selects HTTP/2. No TLS handshake feature is set, so HTTP/2's TLS requirements (RFC 9113 §9.2) are not applied.
/// </summary>
internal sealed class Http2PriorKnowledge : ITlsApplicationProtocolFeature, ITlsConnectionFeature
{
    public static readonly Http2PriorKnowledge Instance = new();

    private static readonly ReadOnlyMemory<byte> H2 = "h2"u8.ToArray();

    public ReadOnlyMemory<byte> ApplicationProtocol => H2;

    public X509Certificate2? ClientCertificate
    {
        get => null;
        set => throw new NotSupportedException();
    }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
}
