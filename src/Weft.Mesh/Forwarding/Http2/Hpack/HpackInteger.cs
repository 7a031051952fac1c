using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>HPACK's prefixed integers (RFC 7541 §5.1).</summary>
internal static class HpackInteger
{
    /// <summary>Largest value accepted: far above any table size, index or string length a peer may use.</summary>
    private const int Max = (1 << 24) - 1;

    /// <summary>Reads an integer whose first octet is <c>input[position]</c>; false when truncated or too large.</summary>
    public static bool TryRead(ReadOnlySpan<byte> input, ref int position, int prefixBits, out int value)
    {
        value = 0;
        if (position >= input.Length) return false;
        var mask = (1 << prefixBits) - 1;
        value = input[position++] & mask;
        if (value < mask) return true;
        var shift = 0;
        while (position < input.Length)
        {
            var b = input[position++];
            value += (b & 0x7f) << shift;
            if (value > Max) return false;
            if ((b & 0x80) == 0) return true;
            shift += 7;
            if (shift > 21) return false;
        }

        return false;
    }

    /// <summary>Writes <paramref name="value"/> with <paramref name="firstOctetBits"/> in the bits above the prefix.</summary>
    public static void Write(IBufferWriter<byte> output, byte firstOctetBits, int prefixBits, int value)
    {
        var span = output.GetSpan(6);
        output.Advance(Write(span, firstOctetBits, prefixBits, value));
    }

    public static int Write(Span<byte> span, byte firstOctetBits, int prefixBits, int value)
    {
        var mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            span[0] = (byte)(firstOctetBits | value);
            return 1;
        }

        span[0] = (byte)(firstOctetBits | mask);
        value -= mask;
        var n = 1;
        while (value >= 0x80)
        {
            span[n++] = (byte)((value & 0x7f) | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        return n;
    }
}
