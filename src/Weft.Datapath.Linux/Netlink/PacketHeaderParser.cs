using System.Buffers.Binary;
using System.Net;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Reads addresses and ports from the start of an IPv4 or IPv6 packet (NFLOG copies only a prefix, ~128 bytes, which
/// covers the headers). Non-first fragments carry no transport header, so their ports stay zero.
/// </summary>
internal static class PacketHeaderParser
{
    private const byte Tcp = 6;
    private const byte Udp = 17;
    private const byte Sctp = 132;
    private const byte Udplite = 136;

    public static bool TryParse(ReadOnlySpan<byte> packet, out PacketHeaders? headers)
    {
        headers = null;
        if (packet.Length < 1)
        {
            return false;
        }

        return (packet[0] >> 4) switch
        {
            4 => TryParseV4(packet, out headers),
            6 => TryParseV6(packet, out headers),
            _ => false,
        };
    }

    private static bool TryParseV4(ReadOnlySpan<byte> packet, out PacketHeaders? headers)
    {
        headers = null;
        var headerLength = (packet[0] & 0x0F) * 4;
        if (packet.Length < 20 || headerLength < 20)
        {
            return false;
        }

        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF;
        var protocol = packet[9];
        var transport = fragmentOffset == 0 && packet.Length >= headerLength ? packet[headerLength..] : default;
        headers = WithTransport(
            new PacketHeaders
            {
                Source = new IPAddress(packet[12..16]),
                Destination = new IPAddress(packet[16..20]),
                Protocol = protocol,
                Length = totalLength,
            },
            transport);
        return true;
    }

    private static bool TryParseV6(ReadOnlySpan<byte> packet, out PacketHeaders? headers)
    {
        headers = null;
        if (packet.Length < 40)
        {
            return false;
        }

        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var next = packet[6];
        var offset = 40;
        var firstFragment = true;
        // Walk extension headers: hop-by-hop (0), routing (43), fragment (44), destination options (60).
        while (next is 0 or 43 or 44 or 60 && packet.Length >= offset + 8)
        {
            if (next == 44)
            {
                firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) & 0xFFF8) == 0;
                next = packet[offset];
                offset += 8;
            }
            else
            {
                var length = (packet[offset + 1] + 1) * 8;
                next = packet[offset];
                offset += length;
            }
        }

        var transport = firstFragment && packet.Length >= offset ? packet[offset..] : default;
        headers = WithTransport(
            new PacketHeaders
            {
                Source = new IPAddress(packet[8..24]),
                Destination = new IPAddress(packet[24..40]),
                Protocol = next,
                Length = 40 + payloadLength,
            },
            transport);
        return true;
    }

    private static PacketHeaders WithTransport(PacketHeaders headers, ReadOnlySpan<byte> transport)
    {
        if (headers.Protocol is not (Tcp or Udp or Sctp or Udplite) || transport.Length < 4)
        {
            return headers;
        }

        // TCP, UDP, UDP-Lite and SCTP all start with source and destination port.
        headers = headers with
        {
            SourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport),
            DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]),
        };
        return headers.Protocol == Tcp && transport.Length >= 14 ? headers with { TcpFlags = transport[13] } : headers;
    }
}
