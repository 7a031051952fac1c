namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>
/// HPACK's Huffman code (RFC 7541 Appendix B). The code is canonical — codes of one length are consecutive in
/// symbol order — so only each symbol's code length is listed; the codes follow from the lengths.
/// </summary>
internal static class Huffman
{
    private const int Eos = 256;
    private const int FastBits = 9;

    /// <summary>Code length in bits of symbols 0..255 and EOS (256), RFC 7541 Appendix B.</summary>
    private static readonly byte[] Lengths =
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    private static readonly uint[] Codes = new uint[257];

    /// <summary>Per length: the first code of that length, how many symbols have it, and where they start in <see cref="Sorted"/>.</summary>
    private static readonly uint[] FirstCode = new uint[31];
    private static readonly int[] CountOfLength = new int[31];
    private static readonly int[] OffsetOfLength = new int[31];
    private static readonly short[] Sorted = new short[257];

    /// <summary>For codes of up to <see cref="FastBits"/> bits: (symbol &lt;&lt; 8) | length by the next FastBits bits; 0 when longer.</summary>
    private static readonly ushort[] Fast = new ushort[1 << FastBits];

    static Huffman()
    {
        var order = Enumerable.Range(0, 257).OrderBy(s => Lengths[s]).ThenBy(s => s).ToArray();
        uint code = 0;
        var length = Lengths[order[0]];
        for (var i = 0; i < order.Length; i++)
        {
            var symbol = order[i];
            var l = Lengths[symbol];
            if (l != length)
            {
                code <<= l - length;
                length = l;
            }

            if (CountOfLength[l] == 0)
            {
                FirstCode[l] = code;
                OffsetOfLength[l] = i;
            }

            CountOfLength[l]++;
            Sorted[i] = (short)symbol;
            Codes[symbol] = code++;
        }

        for (var symbol = 0; symbol < Eos; symbol++)
        {
            var l = Lengths[symbol];
            if (l > FastBits) continue;
            var first = (int)(Codes[symbol] << (FastBits - l));
            for (var j = 0; j < 1 << (FastBits - l); j++) Fast[first + j] = (ushort)((symbol << 8) | l);
        }
    }

    /// <summary>The code of <paramref name="symbol"/> (right-aligned) and its length: for tests against the RFC.</summary>
    public static (uint Code, int Length) CodeOf(int symbol) => (Codes[symbol], Lengths[symbol]);

    /// <summary>Octets the Huffman encoding of <paramref name="input"/> takes.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> input)
    {
        long bits = 0;
        foreach (var b in input) bits += Lengths[b];
        return (int)((bits + 7) >> 3);
    }

    /// <summary>Encodes into <paramref name="output"/>, which holds at least <see cref="EncodedLength"/> octets; padded with EOS's leading ones.</summary>
    public static int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ulong buffer = 0;
        var bits = 0;
        var n = 0;
        foreach (var b in input)
        {
            buffer = (buffer << Lengths[b]) | Codes[b];
            bits += Lengths[b];
            while (bits >= 8)
            {
                bits -= 8;
                output[n++] = (byte)(buffer >> bits);
            }
        }

        if (bits > 0) output[n++] = (byte)((buffer << (8 - bits)) | (0xffu >> bits));
        return n;
    }

    /// <summary>
    /// Decodes into <paramref name="output"/> (at least <c>input.Length * 8 / 5</c> octets). −1 when the input holds
    /// EOS, padding longer than 7 bits or padding that is not EOS's prefix (all ones): a COMPRESSION_ERROR.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ulong buffer = 0;
        var bits = 0;
        var n = 0;
        var position = 0;
        while (true)
        {
            // Keep at least 30 bits (the longest code) in the buffer while input remains.
            while (bits <= 56 && position < input.Length)
            {
                buffer |= (ulong)input[position++] << (56 - bits);
                bits += 8;
            }

            if (bits == 0) return n;
            var peek = (int)(buffer >> (64 - FastBits));
            var fast = Fast[peek];
            int symbol, length;
            if (fast != 0 && (fast & 0xff) <= bits)
            {
                symbol = fast >> 8;
                length = fast & 0xff;
            }
            else if (!TryDecodeLong(buffer, bits, out symbol, out length))
            {
                // What is left must be padding: fewer than 8 bits, all ones.
                return bits < 8 && buffer >> (64 - bits) == (1UL << bits) - 1 ? n : -1;
            }

            if (symbol == Eos) return -1;
            output[n++] = (byte)symbol;
            buffer <<= length;
            bits -= length;
        }
    }

    private static bool TryDecodeLong(ulong buffer, int bits, out int symbol, out int length)
    {
        for (length = 5; length <= 30 && length <= bits; length++)
        {
            var code = (uint)(buffer >> (64 - length));
            var delta = code - FirstCode[length];
            if (CountOfLength[length] > 0 && code >= FirstCode[length] && delta < (uint)CountOfLength[length])
            {
                symbol = Sorted[OffsetOfLength[length] + (int)delta];
                return true;
            }
        }

        symbol = -1;
        return false;
    }
}
