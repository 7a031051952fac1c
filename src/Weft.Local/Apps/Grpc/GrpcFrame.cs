using System.Buffers.Binary;

namespace Weft.Local.Apps.Grpc;

/// <summary>
/// gRPC's length-prefixed message framing over HTTP/2 (grpc/doc/PROTOCOL-HTTP2.md): a compressed-flag byte, a
/// 4-byte big-endian length, then the message. The echo app never compresses (flag 0) and refuses compressed input.
/// </summary>
public static class GrpcFrame
{
    public const int HeaderLength = 5;

    /// <summary>Messages above this are refused (grpc's default receive limit is 4 MiB).</summary>
    public const int MaxMessage = 4 * 1024 * 1024;

    public static byte[] Write(ReadOnlySpan<byte> message)
    {
        var frame = new byte[HeaderLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>Reads one whole frame at the start of <paramref name="data"/>; false with a reason when it is not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out byte[] message, out int consumed, out string? error)
    {
        message = [];
        consumed = 0;
        if (data.Length < HeaderLength)
        {
            error = "truncated message header";
            return false;
        }

        if (data[0] != 0)
        {
            error = "compressed messages are not supported";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
        if (length > MaxMessage)
        {
            error = $"message of {length} bytes is over the {MaxMessage} byte limit";
            return false;
        }

        if (data.Length - HeaderLength < length)
        {
            error = "truncated message";
            return false;
        }

        message = data.Slice(HeaderLength, (int)length).ToArray();
        consumed = HeaderLength + (int)length;
        error = null;
        return true;
    }
}
