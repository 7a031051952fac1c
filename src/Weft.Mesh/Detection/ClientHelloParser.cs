using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace Weft.Mesh.Detection;

/// <summary>
/// Reads the SNI and ALPN extensions of a TLS ClientHello from the first bytes of a connection, without consuming
/// them (RFC 8446 §4.1.2 ClientHello, §5.1 records; RFC 6066 §3 server_name; RFC 7301 §3.1 ALPN). The handshake
/// message may span several records and reads; it is reassembled up to <see cref="MaxClientHelloLength"/>. Pure and
/// total: any input gives a <see cref="ClientHelloRead"/>, never an exception.
/// </summary>
public static class ClientHelloParser
{
    /// <summary>
    /// Largest ClientHello body we wait for. Peer proxies send well under 1 KiB; browsers with post-quantum key shares
    /// ~2 KiB. A larger hello is not a peer proxy's: the caller passes it through without waiting for the rest.
    /// </summary>
    public const int MaxClientHelloLength = 16 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;
    private const int RecordHeader = 5;
    private const int MaxRecordLength = 1 << 14; // TLSPlaintext.length (RFC 8446 §5.1)

    public static ClientHelloRead TryRead(ReadOnlySequence<byte> buffer, out ClientHello? hello)
    {
        hello = null;
        // Reassemble the handshake bytes out of the records seen so far (only as many as the bound allows).
        var handshake = new ArrayBufferWriter<byte>(512);
        var reader = new SequenceReader<byte>(buffer);
        var needed = -1; // handshake message length incl. its 4-byte header, once known
        while (needed < 0 || handshake.WrittenCount < needed)
        {
            if (reader.Remaining < RecordHeader) return ClientHelloRead.NeedMore;
            reader.TryRead(out var type);
            reader.TryRead(out var major);
            reader.Advance(1);
            reader.TryReadBigEndian(out short signedLength);
            var length = (ushort)signedLength;
            if (type != HandshakeRecord || major != 3 || length == 0 || length > MaxRecordLength) return ClientHelloRead.Malformed;
            var take = (int)Math.Min(length, reader.Remaining);
            var room = handshake.GetSpan(take);
            reader.UnreadSequence.Slice(0, take).CopyTo(room);
            handshake.Advance(take);
            reader.Advance(take);
            if (needed < 0 && handshake.WrittenCount >= 4)
            {
                var head = handshake.WrittenSpan;
                if (head[0] != ClientHelloType) return ClientHelloRead.Malformed;
                var body = (head[1] << 16) | (head[2] << 8) | head[3];
                if (body > MaxClientHelloLength) return ClientHelloRead.TooLarge;
                needed = 4 + body;
            }

            if (take < length) break; // this record is incomplete: the rest has not arrived yet
            if (handshake.WrittenCount > 4 + MaxClientHelloLength) return ClientHelloRead.TooLarge;
        }

        if (needed < 0 || handshake.WrittenCount < needed) return ClientHelloRead.NeedMore;
        return ParseBody(handshake.WrittenSpan[4..needed], out hello) ? ClientHelloRead.Parsed : ClientHelloRead.Malformed;
    }

    private static bool ParseBody(ReadOnlySpan<byte> body, out ClientHello? hello)
    {
        hello = null;
        var r = new SpanCursor(body);
        // legacy_version, random, legacy_session_id<0..32>, cipher_suites<2..2^16-2>, legacy_compression_methods<1..2^8-1>
        if (!r.Skip(2 + 32) || !r.Vector8(out var sessionId) || sessionId.Length > 32) return false;
        if (!r.Vector16(out var suites) || suites.Length < 2 || suites.Length % 2 != 0) return false;
        if (!r.Vector8(out var compression) || compression.Length < 1) return false;
        if (r.Rest.IsEmpty)
        {
            hello = new ClientHello(); // TLS 1.2 and older may omit extensions: no SNI, no ALPN
            return true;
        }

        if (!r.Vector16(out var extensions) || !r.Rest.IsEmpty) return false;
        string? serverName = null;
        var alpn = ImmutableArray<string>.Empty;
        var seenServerName = false;
        var seenAlpn = false;
        var e = new SpanCursor(extensions);
        while (!e.Rest.IsEmpty)
        {
            if (!e.UInt16(out var type) || !e.Vector16(out var data)) return false;
            // At most one extension of each type (RFC 8446 §4.2): a second SNI could otherwise steer the routing.
            if (type == ServerNameExtension && (seenServerName || !ServerName(data, out serverName))) return false;
            if (type == AlpnExtension && (seenAlpn || !Alpn(data, out alpn))) return false;
            seenServerName |= type == ServerNameExtension;
            seenAlpn |= type == AlpnExtension;
        }

        hello = new ClientHello { ServerName = serverName, ApplicationProtocols = alpn };
        return true;
    }

    /// <summary>ServerNameList: the host_name (type 0) entry; RFC 6066 allows one name per type.</summary>
    private static bool ServerName(ReadOnlySpan<byte> data, out string? name)
    {
        name = null;
        var r = new SpanCursor(data);
        if (!r.Vector16(out var list) || !r.Rest.IsEmpty || list.IsEmpty) return false;
        var l = new SpanCursor(list);
        while (!l.Rest.IsEmpty)
        {
            if (!l.Byte(out var nameType) || !l.Vector16(out var host) || host.IsEmpty) return false;
            if (nameType != 0) continue;
            if (name is not null || !IsPrintableAscii(host)) return false;
            name = Encoding.ASCII.GetString(host);
        }

        return true;
    }

    /// <summary>ProtocolNameList: ProtocolName&lt;1..2^8-1&gt; entries, at least one.</summary>
    private static bool Alpn(ReadOnlySpan<byte> data, out ImmutableArray<string> protocols)
    {
        protocols = [];
        var r = new SpanCursor(data);
        if (!r.Vector16(out var list) || !r.Rest.IsEmpty || list.IsEmpty) return false;
        var names = ImmutableArray.CreateBuilder<string>();
        var l = new SpanCursor(list);
        while (!l.Rest.IsEmpty)
        {
            if (!l.Vector8(out var name) || name.IsEmpty) return false;
            names.Add(Encoding.ASCII.GetString(name));
        }

        protocols = names.ToImmutable();
        return true;
    }

    private static bool IsPrintableAscii(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is < 0x21 or > 0x7e) return false;
        }

        return true;
    }

    /// <summary>Bounds-checked reads of TLS presentation-language fields.</summary>
    private ref struct SpanCursor(ReadOnlySpan<byte> data)
    {
        public ReadOnlySpan<byte> Rest = data;

        public bool Skip(int count)
        {
            if (Rest.Length < count) return false;
            Rest = Rest[count..];
            return true;
        }

        public bool Byte(out byte value)
        {
            value = Rest.IsEmpty ? (byte)0 : Rest[0];
            return Skip(1);
        }

        public bool UInt16(out ushort value)
        {
            value = Rest.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Rest) : (ushort)0;
            return Skip(2);
        }

        public bool Vector8(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (!Byte(out var length) || Rest.Length < length) return false;
            value = Rest[..length];
            return Skip(length);
        }

        public bool Vector16(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (!UInt16(out var length) || Rest.Length < length) return false;
            value = Rest[..length];
            return Skip(length);
        }
    }
}
