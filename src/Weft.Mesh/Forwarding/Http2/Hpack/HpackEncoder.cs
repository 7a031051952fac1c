using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>
/// Encodes header blocks (RFC 7541) of one HTTP/2 connection's sending direction. Stateful: blocks must be
/// written to the connection in the order they were encoded.
/// </summary>
/// <remarks>
/// Fields that repeat across requests (authority, user-agent, content-type…) go into the dynamic table once and
/// are one octet afterwards; fields that change per request (path, content-length, trace ids…) are sent without
/// indexing so they do not churn the table; credentials are never indexed (RFC 7541 §7.1.3). Strings are
/// Huffman-coded when that is shorter.
/// </remarks>
internal sealed class HpackEncoder
{
    /// <summary>The table size both sides start with (SETTINGS_HEADER_TABLE_SIZE default).</summary>
    private const int DefaultTableSize = 4096;

    private readonly HpackDynamicTable _table = new(DefaultTableSize);
    private int _pendingMinimum = -1;
    private int _pendingFinal = -1;

    /// <summary>Entries in the dynamic table (for tests and diagnostics).</summary>
    public int TableCount => _table.Count;

    /// <summary>The peer's SETTINGS_HEADER_TABLE_SIZE: our table follows it, capped at the default 4,096.</summary>
    public void SetPeerTableSize(int size)
    {
        var target = Math.Min(size, DefaultTableSize);
        if (target == _table.MaxSize && _pendingFinal < 0) return;
        _pendingMinimum = _pendingMinimum < 0 ? target : Math.Min(_pendingMinimum, target);
        _pendingFinal = target;
        _table.Resize(target);
    }

    /// <summary>Starts a block: a pending table size change is signalled first (the smallest, then the final, §4.2).</summary>
    public void BeginBlock(IBufferWriter<byte> output)
    {
        if (_pendingFinal < 0) return;
        if (_pendingMinimum < _pendingFinal) HpackInteger.Write(output, 0x20, 5, _pendingMinimum);
        HpackInteger.Write(output, 0x20, 5, _pendingFinal);
        _pendingMinimum = _pendingFinal = -1;
    }

    public void Encode(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        var staticIndex = HpackStaticTable.Find(name, value, out var staticFull);
        if (staticFull)
        {
            HpackInteger.Write(output, 0x80, 7, staticIndex);
            return;
        }

        var kind = KindOf(name, value);
        var nameIndex = staticIndex;
        if (kind == FieldKind.Indexed)
        {
            var nameHash = HpackDynamicTable.Hash(name);
            var fullHash = HpackDynamicTable.CombinedHash(nameHash, value);
            var found = _table.Find(name, value, nameHash, fullHash, out var dynamicFull);
            if (dynamicFull)
            {
                HpackInteger.Write(output, 0x80, 7, HpackStaticTable.Count + 1 + found);
                return;
            }

            if (nameIndex == 0 && found >= 0) nameIndex = HpackStaticTable.Count + 1 + found;
            if (name.Length + value.Length + 32 <= _table.MaxSize / 2)
            {
                WriteLiteral(output, 0x40, 6, nameIndex, name, value);
                _table.Add(name, value, nameHash, fullHash);
                return;
            }

            kind = FieldKind.NotIndexed;
        }

        WriteLiteral(output, kind == FieldKind.NeverIndexed ? (byte)0x10 : (byte)0x00, 4, nameIndex, name, value);
    }

    private static void WriteLiteral(IBufferWriter<byte> output, byte pattern, int prefixBits, int nameIndex, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        HpackInteger.Write(output, pattern, prefixBits, nameIndex);
        if (nameIndex == 0) WriteString(output, name);
        WriteString(output, value);
    }

    private static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        var huffmanLength = Huffman.EncodedLength(text);
        var huffman = huffmanLength < text.Length;
        var length = huffman ? huffmanLength : text.Length;
        var span = output.GetSpan(length + 6);
        var n = HpackInteger.Write(span, huffman ? (byte)0x80 : (byte)0x00, 7, length);
        if (huffman) n += Huffman.Encode(text, span[n..]);
        else
        {
            text.CopyTo(span[n..]);
            n += text.Length;
        }

        output.Advance(n);
    }

    private static FieldKind KindOf(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.SequenceEqual("authorization"u8) || name.SequenceEqual("proxy-authorization"u8) || name.SequenceEqual("set-cookie"u8)
            || (name.SequenceEqual("cookie"u8) && value.Length < 20))
            return FieldKind.NeverIndexed;
        if (value.Length > 256) return FieldKind.NotIndexed;
        return IsPerRequest(name) ? FieldKind.NotIndexed : FieldKind.Indexed;
    }

    /// <summary>Fields whose values change from one request to the next: indexing them only evicts useful entries.</summary>
    private static bool IsPerRequest(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 => name.SequenceEqual("date"u8) || name.SequenceEqual("etag"u8),
        5 => name.SequenceEqual(":path"u8) || name.SequenceEqual("range"u8),
        8 => name.SequenceEqual("location"u8),
        11 => name.SequenceEqual("traceparent"u8),
        12 => name.SequenceEqual("x-request-id"u8) || name.SequenceEqual("grpc-timeout"u8) || name.SequenceEqual("grpc-message"u8),
        13 => name.SequenceEqual("last-modified"u8) || name.SequenceEqual("content-range"u8) || name.SequenceEqual("if-none-match"u8),
        14 => name.SequenceEqual("content-length"u8),
        _ => false,
    };

    private enum FieldKind
    {
        Indexed,
        NotIndexed,
        NeverIndexed,
    }
}
