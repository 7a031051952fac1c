using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Splits a netlink datagram into messages. Pure: <see cref="TryRead"/> consumes one aligned message from the
/// front of the buffer and returns false at the end or on a malformed length (the rest is then unusable).
/// </summary>
internal static class NetlinkMessageReader
{
    public static bool TryRead(ref ReadOnlySpan<byte> buffer, out NetlinkMessageHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (buffer.Length < NetlinkConstants.HeaderLength)
        {
            return false;
        }

        var length = MemoryMarshal.Read<uint>(buffer);
        if (length < NetlinkConstants.HeaderLength || length > buffer.Length)
        {
            return false;
        }

        header = new NetlinkMessageHeader(
            length,
            MemoryMarshal.Read<ushort>(buffer[4..]),
            MemoryMarshal.Read<ushort>(buffer[6..]),
            MemoryMarshal.Read<uint>(buffer[8..]),
            MemoryMarshal.Read<uint>(buffer[12..]));
        payload = buffer[NetlinkConstants.HeaderLength..(int)length];
        var next = Math.Min(NetlinkConstants.Align((int)length), buffer.Length);
        buffer = buffer[next..];
        return true;
    }

    /// <summary>The error code of an NLMSG_ERROR payload: 0 is an ACK, negative is -errno.</summary>
    public static int ErrorCode(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 ? MemoryMarshal.Read<int>(payload) : int.MinValue;
}
