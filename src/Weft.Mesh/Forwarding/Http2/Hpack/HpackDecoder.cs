using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>
/// Decodes header blocks (RFC 7541) of one HTTP/2 connection's receiving direction. Stateful: blocks must be
/// decoded in the order they arrived, each exactly once, including blocks of streams that are being refused.
/// </summary>
internal sealed class HpackDecoder
{
    private const int EntryOverhead = 32;
    private readonly HpackDynamicTable _table;
    private readonly int _maxHeaderListSize;
    private byte[] _block = [];
    private byte[] _name = new byte[256];
    private byte[] _value = new byte[1024];
    private int _maxTableSize;

    public HpackDecoder(int maxTableSize = 4096, int maxHeaderListSize = 65536)
    {
        _maxTableSize = maxTableSize;
        _maxHeaderListSize = maxHeaderListSize;
        _table = new HpackDynamicTable(maxTableSize);
    }

    /// <summary>What this endpoint advertised in SETTINGS_HEADER_TABLE_SIZE: the bound of the peer's size updates.</summary>
    public int MaxTableSize
    {
        get => _maxTableSize;
        set
        {
            _maxTableSize = value;
            if (_table.MaxSize > value) _table.Resize(value);
        }
    }

    /// <summary>Entries in the dynamic table (for tests and diagnostics).</summary>
    public int TableCount => _table.Count;

    public HpackStatus Decode(ReadOnlySequence<byte> block, IHeaderSink sink)
    {
        if (block.IsSingleSegment) return Decode(block.FirstSpan, sink);
        var length = checked((int)block.Length);
        if (_block.Length < length) _block = new byte[Math.Max(length, _block.Length * 2)];
        block.CopyTo(_block);
        return Decode(_block.AsSpan(0, length), sink);
    }

    public HpackStatus Decode(ReadOnlySpan<byte> block, IHeaderSink sink)
    {
        var position = 0;
        var listSize = 0;
        var fieldSeen = false;
        var tooLarge = false;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0xe0) == 0x20)
            {
                // Dynamic table size update: only before the first field of a block (RFC 7541 §4.2).
                if (fieldSeen || !HpackInteger.TryRead(block, ref position, 5, out var size) || size > _maxTableSize)
                    return HpackStatus.CompressionError;
                _table.Resize(size);
                continue;
            }

            fieldSeen = true;
            ReadOnlySpan<byte> name, value;
            if ((first & 0x80) != 0)
            {
                // Indexed field.
                if (!HpackInteger.TryRead(block, ref position, 7, out var index) || !TryEntry(index, out name, out value))
                    return HpackStatus.CompressionError;
            }
            else
            {
                // Literal: with incremental indexing (01), without (0000) or never indexed (0001).
                var indexing = (first & 0xc0) == 0x40;
                if (!HpackInteger.TryRead(block, ref position, indexing ? 6 : 4, out var nameIndex))
                    return HpackStatus.CompressionError;
                if (nameIndex == 0)
                {
                    if (!TryString(block, ref position, ref _name, out name)) return HpackStatus.CompressionError;
                }
                else if (!TryEntry(nameIndex, out name, out _))
                {
                    return HpackStatus.CompressionError;
                }

                if (!TryString(block, ref position, ref _value, out value)) return HpackStatus.CompressionError;
                if (indexing)
                {
                    // Add before delivering: name may point into the table, which Add may evict from.
                    _table.Add(name, value);
                    var entry = _table[0];
                    name = entry.Name;
                    value = entry.Value;
                }
            }

            listSize += name.Length + value.Length + EntryOverhead;
            if (listSize > _maxHeaderListSize) tooLarge = true;
            if (!tooLarge) sink.OnHeader(name, value);
        }

        return tooLarge ? HpackStatus.HeaderListTooLarge : HpackStatus.Ok;
    }

    private bool TryEntry(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index >= 1 && index <= HpackStaticTable.Count)
        {
            name = HpackStaticTable.Name(index);
            value = HpackStaticTable.Value(index);
            return true;
        }

        var dynamicIndex = index - HpackStaticTable.Count - 1;
        if (index < 1 || dynamicIndex >= _table.Count)
        {
            name = value = default;
            return false;
        }

        var entry = _table[dynamicIndex];
        name = entry.Name;
        value = entry.Value;
        return true;
    }

    /// <summary>A string literal (RFC 7541 §5.2), Huffman-decoded into <paramref name="scratch"/> when flagged.</summary>
    private static bool TryString(ReadOnlySpan<byte> block, scoped ref int position, scoped ref byte[] scratch, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (position >= block.Length) return false;
        var huffman = (block[position] & 0x80) != 0;
        if (!HpackInteger.TryRead(block, ref position, 7, out var length) || length > block.Length - position) return false;
        var raw = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            text = raw;
            return true;
        }

        var room = (length * 8 / 5) + 1;
        if (scratch.Length < room) scratch = new byte[Math.Max(room, scratch.Length * 2)];
        var n = Huffman.Decode(raw, scratch);
        if (n < 0) return false;
        text = scratch.AsSpan(0, n);
        return true;
    }
}
