using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Weft.Mesh.Hosting;

/// <summary>
/// Kestrel picks HTTP/2 on an Http1AndHttp2 endpoint only from ALPN. After detecting the prior-knowledge preface
/// on a plaintext connection, the detector sets this feature so Kestrel selects HTTP/2 for it.
/// </summary>
internal sealed class Http2PriorKnowledge : ITlsApplicationProtocolFeature
{
    public static readonly Http2PriorKnowledge Instance = new();

    public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();
}
