namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// Which fields do not cross the proxy, as the general path's <see cref="HopByHopHeaders"/> (RFC 9113 §8.2.2:
/// connection-specific fields; <c>te</c> only as "trailers"; Weft's client identity is never taken from a client).
/// </summary>
internal static class Http2HeaderRules
{
    /// <summary>
    /// Weft's hop field between two proxies: the request's application speaks HTTP/1.1, so the server proxy speaks
    /// HTTP/1.1 to its application although the hop between the proxies is HTTP/2. Never forwarded beyond a proxy.
    /// </summary>
    public static ReadOnlySpan<byte> OriginProtocol => "x-weft-orig-proto"u8;

    public static bool IsDropped(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => name.Length switch
    {
        2 => name.SequenceEqual("te"u8) && !System.Text.Ascii.EqualsIgnoreCase(value.Trim((byte)' '), "trailers"u8),
        4 => name.SequenceEqual("host"u8),
        7 => name.SequenceEqual("upgrade"u8) || name.SequenceEqual("trailer"u8),
        10 => name.SequenceEqual("connection"u8) || name.SequenceEqual("keep-alive"u8),
        14 => name.SequenceEqual("http2-settings"u8),
        16 => name.SequenceEqual("proxy-connection"u8) || name.SequenceEqual("x-weft-client-id"u8),
        17 => name.SequenceEqual("transfer-encoding"u8) || name.SequenceEqual(OriginProtocol),
        18 => name.SequenceEqual("proxy-authenticate"u8),
        19 => name.SequenceEqual("proxy-authorization"u8),
        _ => false,
    };
}
