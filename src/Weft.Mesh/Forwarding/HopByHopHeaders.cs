using System.Collections.Frozen;

namespace Weft.Mesh.Forwarding;

/// <summary>
/// Connection-specific headers that must not cross the proxy (RFC 9110 §7.6.1, RFC 9113 §8.2.2), plus Weft's own
/// hop header. <c>TE: trailers</c> is the one TE value kept: gRPC needs it.
/// </summary>
internal static class HopByHopHeaders
{
    /// <summary>Optionally added towards the application by an mTLS listener (documented in docs/mesh.md).</summary>
    public const string ClientId = "x-weft-client-id";

    /// <summary>Between proxies: the request's application speaks HTTP/1.1 (see Http2HeaderRules.OriginProtocol).</summary>
    public const string OriginProtocol = "x-weft-orig-proto";

    private static readonly FrozenSet<string> Names = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "Transfer-Encoding", "Upgrade", "Trailer", "Host", "HTTP2-Settings", ClientId, OriginProtocol,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name) => Names.Contains(name) || (name.Length > 0 && name[0] == ':');

    public static bool IsTeTrailers(string value) => string.Equals(value.Trim(), "trailers", StringComparison.OrdinalIgnoreCase);
}
