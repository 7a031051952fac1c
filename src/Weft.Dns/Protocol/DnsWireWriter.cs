using System.Buffers.Binary;

namespace Weft.Dns.Protocol;

/// <summary>
/// Writes wire-format fields into a caller-supplied (usually pooled) buffer, compressing names against those already
/// written (RFC 1035 §4.1.4). Every Try method returns false without a partial field when the buffer is full.
/// </summary>
internal ref struct DnsWireWriter
{
    // Pointers hold 14 bits, so only names starting below 16 KiB can be targets.
    private const int MaxPointerTarget = 0x3FFF;

    private readonly Span<byte> _buffer;
    private readonly Span<ushort> _names;
    private int _nameCount;

    /// <param name="buffer">Where the message goes.</param>
    /// <param name="compressionTable">
    /// Offsets of names already written; when it is full, later names are still written, only less compressed.
    /// </param>
    public DnsWireWriter(Span<byte> buffer, Span<ushort> compressionTable)
    {
        _buffer = buffer;
        _names = compressionTable;
    }

    public int Position { get; private set; }

    public readonly Span<byte> Buffer => _buffer;

    public bool TryWriteUInt16(ushort value)
    {
        if (Position + 2 > _buffer.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
        Position += 2;
        return true;
    }

    public bool TryWriteUInt32(uint value)
    {
        if (Position + 4 > _buffer.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
        Position += 4;
        return true;
    }

    public bool TryWriteByte(byte value)
    {
        if (Position >= _buffer.Length)
        {
            return false;
        }

        _buffer[Position++] = value;
        return true;
    }

    public bool TryWriteBytes(scoped ReadOnlySpan<byte> value)
    {
        if (!value.TryCopyTo(_buffer[Position..]))
        {
            return false;
        }

        Position += value.Length;
        return true;
    }

    public void PatchUInt16(int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);

    /// <summary>Moves the write position back, dropping what follows (used to cut a message at a record boundary).</summary>
    public void Rewind(int position)
    {
        Position = position;

        // Forget compression targets in the dropped part.
        while (_nameCount > 0 && _names[_nameCount - 1] >= position)
        {
            _nameCount--;
        }
    }

    /// <summary>
    /// Writes a name; <paramref name="error"/> is BadName for names that cannot be encoded. Compression matches
    /// suffixes case-sensitively, so every name reads back exactly as written (a 0x20-randomised question keeps its
    /// case, and so do answers that point at it).
    /// </summary>
    public bool TryWriteName(string name, bool compress, out DnsFormatError error)
    {
        Span<byte> encoded = stackalloc byte[DnsNameEncoding.MaxWireLength];
        var length = DnsNameEncoding.Encode(name, encoded);
        if (length < 0)
        {
            error = DnsFormatError.BadName;
            return false;
        }

        error = DnsFormatError.None;
        encoded = encoded[..length];

        // Find the longest suffix already in the message: try suffixes from the whole name down to the last label.
        var prefixLength = length;
        var pointer = -1;
        if (compress)
        {
            for (var labelAt = 0; encoded[labelAt] != 0; labelAt += encoded[labelAt] + 1)
            {
                pointer = FindName(encoded[labelAt..]);
                if (pointer >= 0)
                {
                    prefixLength = labelAt;
                    break;
                }
            }
        }

        var needed = pointer >= 0 ? prefixLength + 2 : prefixLength;
        if (Position + needed > _buffer.Length)
        {
            return false;
        }

        var start = Position;
        encoded[..prefixLength].CopyTo(_buffer[Position..]);
        Position += prefixLength;
        if (pointer >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], (ushort)(0xC000 | pointer));
            Position += 2;
        }

        // Each label written in full starts a suffix later names may point to.
        for (var labelAt = 0; labelAt < prefixLength && encoded[labelAt] != 0; labelAt += encoded[labelAt] + 1)
        {
            var target = start + labelAt;
            if (target > MaxPointerTarget || _nameCount == _names.Length)
            {
                break;
            }

            _names[_nameCount++] = (ushort)target;
        }

        return true;
    }

    private readonly int FindName(ReadOnlySpan<byte> suffix)
    {
        for (var i = 0; i < _nameCount; i++)
        {
            if (SuffixEquals(suffix, _names[i]))
            {
                return _names[i];
            }
        }

        return -1;
    }

    private readonly bool SuffixEquals(ReadOnlySpan<byte> suffix, int offset)
    {
        var k = 0;
        while (true)
        {
            int length = _buffer[offset];
            if ((length & 0xC0) == 0xC0)
            {
                // Only this writer's own backward pointers are here, so this terminates.
                offset = ((length & 0x3F) << 8) | _buffer[offset + 1];
                continue;
            }

            if (suffix[k] != length)
            {
                return false;
            }

            if (length == 0)
            {
                return true;
            }

            for (var j = 1; j <= length; j++)
            {
                if (suffix[k + j] != _buffer[offset + j])
                {
                    return false;
                }
            }

            k += length + 1;
            offset += length + 1;
        }
    }
}
