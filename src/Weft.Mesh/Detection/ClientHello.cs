using System.Collections.Immutable;

namespace Weft.Mesh.Detection;

/// <summary>What a TLS ClientHello says about its destination: SNI host name (null when absent) and ALPN protocols offered.</summary>
public sealed record ClientHello
{
    public string? ServerName { get; init; }

    public ImmutableArray<string> ApplicationProtocols { get; init; } = [];
}
