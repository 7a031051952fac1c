namespace Weft.Dns.Protocol;

/// <summary>
/// Domain names between presentation form ("a.b.c", escapes \. \\ \DDD as in RFC 1035 §5.1) and wire form
/// (length-prefixed labels, RFC 1035 §3.1), including compression pointers on read (§4.1.4).
/// </summary>
internal static class DnsNameEncoding
{
    /// <summary>The longest name in wire form, terminating zero included (RFC 1035 §2.3.4).</summary>
    public const int MaxWireLength = 255;

    public const int MaxLabelLength = 63;

    /// <summary>
    /// Encodes a presentation-form name (trailing dot optional, "" or "." is the root) as uncompressed wire form.
    /// Returns the length written, or -1 when the name is not valid. <paramref name="destination"/> must hold
    /// <see cref="MaxWireLength"/> bytes.
    /// </summary>
    public static int Encode(ReadOnlySpan<char> name, Span<byte> destination)
    {
        if (name.Length == 1 && name[0] == '.')
        {
            name = [];
        }

        var position = 0;
        var labelStart = 0;
        var i = 0;
        while (i < name.Length)
        {
            if (position >= MaxWireLength - 1)
            {
                return -1;
            }

            // Reserve the length octet of the label being read.
            labelStart = position++;
            var labelLength = 0;
            while (i < name.Length && name[i] != '.')
            {
                int value = name[i];
                if (value == '\\')
                {
                    if (!TryReadEscape(name, ref i, out value))
                    {
                        return -1;
                    }
                }
                else
                {
                    i++;
                }

                if (value > 0xFF || labelLength == MaxLabelLength || position >= MaxWireLength - 1)
                {
                    return -1;
                }

                destination[position++] = (byte)value;
                labelLength++;
            }

            if (labelLength == 0)
            {
                return -1;
            }

            destination[labelStart] = (byte)labelLength;
            if (i < name.Length)
            {
                // Skip the dot; a dot that ends the name is the optional trailing root.
                i++;
            }
        }

        destination[position++] = 0;
        return position;
    }

    /// <summary>
    /// Reads a possibly compressed name starting at <paramref name="offset"/> and moves <paramref name="offset"/> past
    /// it (past the first pointer, if any). Every pointer must point strictly before the start of the name segment
    /// that contains it, so following pointers always terminates.
    /// </summary>
    public static DnsFormatError TryRead(ReadOnlySpan<byte> packet, ref int offset, out string name)
    {
        name = string.Empty;
        Span<char> text = stackalloc char[MaxWireLength * 4];
        var textLength = 0;
        var position = offset;
        var segmentStart = offset;
        var resumeAt = -1;
        var wireLength = 1;
        while (true)
        {
            if (position >= packet.Length)
            {
                return DnsFormatError.Truncated;
            }

            int length = packet[position];
            switch (length & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= packet.Length)
                    {
                        return DnsFormatError.Truncated;
                    }

                    var target = ((length & 0x3F) << 8) | packet[position + 1];
                    if (target >= segmentStart)
                    {
                        return DnsFormatError.BadPointer;
                    }

                    if (resumeAt < 0)
                    {
                        resumeAt = position + 2;
                    }

                    segmentStart = target;
                    position = target;
                    continue;
                case 0x00:
                    break;
                default:
                    return DnsFormatError.BadLabelType;
            }

            if (length == 0)
            {
                offset = resumeAt >= 0 ? resumeAt : position + 1;
                name = new string(text[..textLength]);
                return DnsFormatError.None;
            }

            wireLength += length + 1;
            if (wireLength > MaxWireLength)
            {
                return DnsFormatError.NameTooLong;
            }

            if (position + 1 + length > packet.Length)
            {
                return DnsFormatError.Truncated;
            }

            if (textLength > 0)
            {
                text[textLength++] = '.';
            }

            foreach (var b in packet.Slice(position + 1, length))
            {
                textLength += AppendLabelByte(b, text[textLength..]);
            }

            position += length + 1;
        }
    }

    private static int AppendLabelByte(byte b, Span<char> destination)
    {
        if (b is (byte)'.' or (byte)'\\')
        {
            destination[0] = '\\';
            destination[1] = (char)b;
            return 2;
        }

        if (b is < 0x21 or > 0x7E)
        {
            destination[0] = '\\';
            destination[1] = (char)('0' + (b / 100));
            destination[2] = (char)('0' + (b / 10 % 10));
            destination[3] = (char)('0' + (b % 10));
            return 4;
        }

        destination[0] = (char)b;
        return 1;
    }

    private static bool TryReadEscape(ReadOnlySpan<char> name, ref int i, out int value)
    {
        value = 0;
        if (i + 1 >= name.Length)
        {
            return false;
        }

        if (char.IsAsciiDigit(name[i + 1]))
        {
            if (i + 3 >= name.Length || !char.IsAsciiDigit(name[i + 2]) || !char.IsAsciiDigit(name[i + 3]))
            {
                return false;
            }

            value = ((name[i + 1] - '0') * 100) + ((name[i + 2] - '0') * 10) + (name[i + 3] - '0');
            i += 4;
            return value <= 0xFF;
        }

        value = name[i + 1];
        i += 2;
        return true;
    }
}
