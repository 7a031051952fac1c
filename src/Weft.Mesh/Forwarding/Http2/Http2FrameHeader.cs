using System.Buffers;
using System.Buffers.Binary;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>The 9-byte frame header (RFC 9113 §4.1): 24-bit length, type, flags, reserved bit + 31-bit stream id.</summary>
internal readonly record struct Http2FrameHeader(int Length, Http2FrameType Type, byte Flags, int StreamId)
{
    public const int Size = 9;

    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>Reads a header from the start of <paramref name="buffer"/>; false when fewer than 9 bytes are there.</summary>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, out Http2FrameHeader header)
    {
        if (buffer.Length < Size)
        {
            header = default;
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        buffer.Slice(0, Size).CopyTo(bytes);
        header = Read(bytes);
        return true;
    }

    public static Http2FrameHeader Read(ReadOnlySpan<byte> bytes) => new(
        (bytes[0] << 16) | (bytes[1] << 8) | bytes[2],
        (Http2FrameType)bytes[3],
        bytes[4],
        (int)(BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]) & 0x7fff_ffff)); // the reserved bit is ignored (§4.1)

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)(Length >> 16);
        destination[1] = (byte)(Length >> 8);
        destination[2] = (byte)Length;
        destination[3] = (byte)Type;
        destination[4] = Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)StreamId);
    }
}
