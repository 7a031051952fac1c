using Weft.Mesh.Identity;

namespace Weft.Mesh.Config;

/// <summary>Where a listener forwards to. Its endpoints are a separate live watch named <see cref="Name"/>.</summary>
public sealed record UpstreamConfig
{
    /// <summary>The SNI peer proxies send by default; a permissive listener terminates mTLS only for ClientHellos naming it.</summary>
    public const string MeshServerName = "weft.mesh";

    public required string Name { get; init; }

    public UpstreamSecurity Security { get; init; } = UpstreamSecurity.Plain;

    public UpstreamProtocol Protocol { get; init; } = UpstreamProtocol.Auto;

    /// <summary>TLS server name (SNI) sent when originating mTLS; <see cref="MeshServerName"/> when null.</summary>
    public string? ServerName { get; init; }

    /// <summary>When set, the upstream's certificate must carry exactly this identity.</summary>
    public SpiffeId? ExpectedIdentity { get; init; }
}
